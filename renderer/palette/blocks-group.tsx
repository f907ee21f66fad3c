// The palette's Blocks group (at the top): ready modules from templates/blocks, listed by title
// with their doc; drag one onto the canvas, or double-click to drop it in the middle.
import { useEffect, useState } from 'react';
import type { Bridge, BlockSummary } from '../../core/ipc/contract';
import { blockDragMime } from '../canvas/canvas';

/** The blocks the engine serves (blocks:list); empty until they arrive or when it fails. */
export const useBlocks = (bridge: Bridge): readonly BlockSummary[] => {
  const [blocks, setBlocks] = useState<readonly BlockSummary[]>([]);
  useEffect(() => {
    let live = true;
    void bridge.invoke('blocks:list').then(
      (b) => live && setBlocks(b),
      () => live && setBlocks([]),
    );
    return () => {
      live = false;
    };
  }, [bridge]);
  return blocks;
};

const firstSentence = (doc: string): string => /^.*?[.:](\s|$)/.exec(doc)?.[0].trim() ?? doc;

export interface BlocksGroupProps {
  blocks: readonly BlockSummary[];
  onAdd(block: BlockSummary): void;
}

export const BlocksGroup = ({ blocks, onAdd }: BlocksGroupProps) =>
  blocks.length === 0 ? null : (
    <details open data-testid="blocks-group">
      <summary>blocks</summary>
      {blocks.map((b) => (
        <div
          key={b.id}
          className="palette-item cat-blocks"
          draggable
          onDragStart={(e) => {
            e.dataTransfer.setData(
              blockDragMime,
              JSON.stringify({ id: b.id, title: b.title, doc: b.doc, content: b.content }),
            );
            e.dataTransfer.effectAllowed = 'copy';
          }}
          onDoubleClick={() => onAdd(b)}
          title={`${b.doc}\n\nDrag onto the canvas or double-click to add; enter it to edit its layers.`}
          data-block-id={b.id}
        >
          <div>{b.title}</div>
          <div className="palette-doc muted">{firstSentence(b.doc)}</div>
        </div>
      ))}
    </details>
  );
