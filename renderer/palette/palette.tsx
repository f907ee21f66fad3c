// The node palette: categories and search; drag a node onto the canvas or click to add it.
import { useMemo, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useEditor, useStoreSnapshot } from '../app/editor-context';
import { nodeDragMime } from '../canvas/canvas';
import { addNode } from '../store/commands';
import { groupByCategory, paletteNodes, searchNodes } from './palette-search';
import { searchBlocks } from './block-search';
import { BlocksGroup, useBlocks } from './blocks-group';
import { dropBlock } from './drop-block';
import type { AnyNodeDefinition } from '../../core/node-contract/node-definition';

export const Palette = () => {
  const ed = useEditor();
  const { scope } = useStoreSnapshot(ed.store);
  const rf = useReactFlow();
  const [query, setQuery] = useState('');
  const groups = useMemo(
    () => groupByCategory(searchNodes(paletteNodes(ed.registry.all(), scope), query)),
    [ed.registry, query, scope],
  );
  const allBlocks = useBlocks(ed.bridge);
  const blocks = useMemo(() => searchBlocks(allBlocks, query), [allBlocks, query]);
  const centre = () => {
    const box = document.querySelector('.canvas')?.getBoundingClientRect();
    return rf.screenToFlowPosition({
      x: (box?.left ?? 0) + (box?.width ?? 400) / 2,
      y: (box?.top ?? 0) + (box?.height ?? 300) / 2,
    });
  };
  const add = (def: AnyNodeDefinition) => {
    const at = centre();
    let id = '';
    ed.store.dispatch(
      `Add ${def.title}`,
      addNode(def, at, (x) => (id = x), scope),
    );
    ed.store.select([id]);
  };
  return (
    <div className="palette">
      <input
        className="search"
        placeholder="Search nodes…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        aria-label="Search nodes"
      />
      <div className="palette-list">
        {groups.length === 0 && blocks.length === 0 && (
          <div className="muted">No node matches “{query}”.</div>
        )}
        <BlocksGroup
          blocks={blocks}
          onAdd={(b) => {
            const r = dropBlock(ed.store, b, centre());
            if (typeof r === 'string') ed.toast(r, 'error');
          }}
        />
        {groups.map(([cat, defs]) => (
          <details key={cat} open>
            <summary>{cat}</summary>
            {defs.map((d) => (
              <div
                key={d.id}
                className={`palette-item cat-${d.category}`}
                draggable
                onDragStart={(e) => {
                  e.dataTransfer.setData(nodeDragMime, d.id);
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                onDoubleClick={() => add(d)}
                title={`${d.doc}\n\nDrag onto the canvas or double-click to add.`}
                data-type-id={d.id}
              >
                {d.title}
              </div>
            ))}
          </details>
        ))}
      </div>
    </div>
  );
};
