// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, waitFor } from '@testing-library/react';
import { ReactFlowProvider } from '@xyflow/react';
import { createEmptyDocument } from '../../core/document/create-empty-document';
import type { BlockSummary, Bridge } from '../../core/ipc/contract';
import { nodeRegistry } from '../../nodes/registry';
import mlpJson from '../../templates/blocks/mlp.json';
import resblockJson from '../../templates/blocks/residual-conv-block.json';
import transformerJson from '../../templates/blocks/transformer-block.json';
import { EditorContext, type Editor } from '../app/editor-context';
import { DocumentStore } from '../store/document-store';
import { searchBlocks } from './block-search';
import { Palette } from './palette';

afterEach(cleanup);

const summary = (id: string, json: { modules: Record<string, { name: string; doc: string }> }) => {
  const m = Object.values(json.modules)[0]!;
  return { id, title: m.name, doc: m.doc, content: structuredClone(json) } as BlockSummary;
};
const blocks: BlockSummary[] = [
  summary('residual-conv-block', resblockJson),
  summary('transformer-block', transformerJson),
  summary('mlp', mlpJson),
];

describe('block search', () => {
  it('finds blocks by title, id and doc ("resblock" is in the residual block doc)', () => {
    const ids = (q: string) => searchBlocks(blocks, q).map((b) => b.id);
    expect(ids('')).toEqual(['residual-conv-block', 'transformer-block', 'mlp']);
    expect(ids('transformer')).toEqual(['transformer-block', 'mlp']); // the MLP doc mentions it
    expect(ids('residual')[0]).toBe('residual-conv-block');
    expect(ids('resblock')).toEqual(['residual-conv-block']);
    expect(ids('block')).toEqual(['residual-conv-block', 'transformer-block', 'mlp']);
    expect(ids('quantizer')).toEqual([]);
  });
});

const mount = () => {
  const store = new DocumentStore(createEmptyDocument('t'));
  const toast = vi.fn();
  const bridge = {
    invoke: vi.fn(async (c: string) => (c === 'blocks:list' ? blocks : [])),
    on: () => () => undefined,
  } as unknown as Bridge;
  const editor = { store, bridge, registry: nodeRegistry, toast } as unknown as Editor;
  const view = render(
    <ReactFlowProvider>
      <EditorContext.Provider value={editor}>
        <Palette />
      </EditorContext.Provider>
    </ReactFlowProvider>,
  );
  return { store, toast, ...view };
};

describe('the palette Blocks group', () => {
  it('comes first, lists blocks by title with their doc, and follows the search', async () => {
    const { container, getByLabelText } = mount();
    await waitFor(() =>
      expect(container.querySelector('[data-testid=blocks-group]')).not.toBeNull(),
    );
    const groups = [...container.querySelectorAll('details > summary')].map((s) => s.textContent);
    expect(groups[0]).toBe('blocks');
    expect(groups.slice(1, 3)).toEqual(['data', 'layers']);
    const items = () =>
      [...container.querySelectorAll('[data-block-id]')].map((el) =>
        el.getAttribute('data-block-id'),
      );
    expect(items()).toEqual(['residual-conv-block', 'transformer-block', 'mlp']);
    const first = container.querySelector('[data-block-id=residual-conv-block]')!;
    expect(first.textContent).toContain('Residual conv block');
    expect(first.textContent).toContain('Residual conv block (ResBlock, as in ResNet v2');
    fireEvent.change(getByLabelText('Search nodes'), { target: { value: 'resblock' } });
    expect(items()).toEqual(['residual-conv-block']);
    fireEvent.change(getByLabelText('Search nodes'), { target: { value: 'transformer' } });
    expect(items()[0]).toBe('transformer-block');
  });

  it('double-click drops the module and a copy-weights instance, selected; one undo removes both', async () => {
    const { store, container, toast } = mount();
    await waitFor(() => expect(container.querySelector('[data-block-id=mlp]')).not.toBeNull());
    act(() => {
      fireEvent.doubleClick(container.querySelector('[data-block-id=mlp]')!);
    });
    expect(toast).not.toHaveBeenCalled();
    expect(Object.keys(store.doc.modules)).toEqual(['mlp']);
    expect(store.doc.nodes['mlp-1']!.params).toEqual({
      module: 'mlp',
      weights: 'copy',
      emaDecay: 0.999,
    });
    expect(store.getSnapshot().selection).toEqual(['mlp-1']);
    expect(store.getSnapshot().undoLabel).toBe('Insert MLP');
    act(() => store.undo());
    expect(store.doc.modules).toEqual({});
    expect(store.doc.nodes).toEqual({});
  });

  it('sends the block on drag for the canvas to drop', async () => {
    const { container } = mount();
    await waitFor(() => expect(container.querySelector('[data-block-id=mlp]')).not.toBeNull());
    const data = new Map<string, string>();
    fireEvent.dragStart(container.querySelector('[data-block-id=mlp]')!, {
      dataTransfer: { setData: (k: string, v: string) => data.set(k, v), effectAllowed: '' },
    });
    const sent = JSON.parse(data.get('application/x-tessera-block')!) as BlockSummary;
    expect(sent.id).toBe('mlp');
    expect(Object.keys((sent.content as { modules: object }).modules)).toEqual(['mlp']);
  });
});
