import { describe, expect, it } from 'vitest';
import { createEmptyDocument } from '../../core/document/create-empty-document';
import { compileLoaded } from '../../core/graph/compile';
import type { TesseraDocument } from '../../core/document/document.types';
import { nodeRegistry } from '../../nodes/registry';
import mlpJson from '../../templates/blocks/mlp.json';
import { DocumentStore } from './document-store';
import { insertBlock, type InsertedBlock } from './insert-block';

const mlp = (): TesseraDocument => structuredClone(mlpJson) as unknown as TesseraDocument;

const drop = (store: DocumentStore, at = { x: 300, y: 120 }, scope = ''): InsertedBlock => {
  let r: InsertedBlock | undefined;
  store.dispatch(
    'Insert MLP',
    insertBlock(mlp(), at, scope, (x) => (r = x)),
  );
  return r!;
};

describe('dropping a block', () => {
  it('inserts its module and one copy-weights instance at the drop point, as one undo step', () => {
    const store = new DocumentStore(createEmptyDocument('t'));
    const r = drop(store);
    expect(r).toEqual({ moduleId: 'mlp', instanceId: 'mlp-1' });
    expect(Object.keys(store.doc.modules)).toEqual(['mlp']);
    expect(store.doc.modules.mlp!.params.hidden!.default).toBe(256);
    expect(store.doc.nodes['mlp-1']).toEqual({
      id: 'mlp-1',
      type: 'module/instance',
      typeVersion: 1,
      params: { module: 'mlp', weights: 'copy', emaDecay: 0.999 },
      position: { x: 300, y: 120 },
    });
    store.undo();
    expect(store.doc.modules).toEqual({});
    expect(store.doc.nodes).toEqual({});
    expect(store.getSnapshot().canUndo).toBe(false);
  });

  it('renames the module on a second drop; both instances compile against their own module', () => {
    const store = new DocumentStore(createEmptyDocument('t'));
    drop(store);
    const second = drop(store, { x: 300, y: 400 });
    expect(second).toEqual({ moduleId: 'mlp-2', instanceId: 'mlp-2-1' });
    expect(store.doc.modules['mlp-2']!.name).toBe('MLP 2');
    expect(store.doc.nodes['mlp-2-1']!.params.module).toBe('mlp-2');
    expect(store.doc.nodes['mlp-1']!.params.module).toBe('mlp');
    const r = compileLoaded(store.doc, nodeRegistry, { datasets: {} });
    expect(r.diagnostics.filter((d) => /not found|unknown module/i.test(d.message))).toEqual([]);
  });

  it('drops into the module on the canvas: a nested instance there', () => {
    const doc = createEmptyDocument('t');
    doc.modules.outer = { id: 'outer', name: 'Outer', params: {}, nodes: {}, edges: {} };
    const store = new DocumentStore(doc);
    const r = drop(store, { x: 10, y: 20 }, 'outer');
    expect(Object.keys(store.doc.modules).sort()).toEqual(['mlp', 'outer']);
    expect(store.doc.modules.outer!.nodes[r.instanceId]!.params.module).toBe('mlp');
    expect(store.doc.nodes).toEqual({});
  });
});
