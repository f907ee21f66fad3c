import { describe, it, expect } from 'vitest';
import { createEmptyDocument } from '../../core/document/create-empty-document';
import type { AnyNodeDefinition } from '../../core/node-contract/node-definition';
import { DocumentStore } from './document-store';
import {
  addNode,
  connect,
  copyFragment,
  moveNodes,
  pasteFragment,
  removeNodes,
  setParam,
} from './commands';

const def = {
  id: 'encode/conv-encoder',
  version: 1,
  title: 'Conv encoder',
  category: 'encode',
  role: 'layer',
  doc: '',
  inputs: [{ name: 'x', kind: 'tensor' }],
  outputs: [{ name: 'z', kind: 'tensor' }],
  params: {
    channels: { kind: 'int', default: 64, min: 1, max: 1024, doc: '' },
    widths: { kind: 'intList', default: [32, 64], doc: '' },
  },
  inferShapes: () => ({ outputs: {}, diagnostics: [] }),
  build: () => ({ weights: {}, apply: () => ({}) }),
} as unknown as AnyNodeDefinition;

const fresh = (): DocumentStore => new DocumentStore(createEmptyDocument('t'));

describe('document store: undo/redo', () => {
  it('undoes and redoes a sequence of add, connect, param edit, delete', () => {
    const s = fresh();
    s.dispatch('Add', addNode(def, { x: 0, y: 0 }));
    s.dispatch('Add', addNode(def, { x: 200, y: 0 }));
    expect(Object.keys(s.doc.nodes)).toEqual(['conv-encoder-1', 'conv-encoder-2']);
    s.dispatch(
      'Connect',
      connect({ node: 'conv-encoder-1', port: 'z' }, { node: 'conv-encoder-2', port: 'x' }),
    );
    s.dispatch('Set channels', setParam('conv-encoder-2', 'channels', 32));
    s.dispatch('Delete', removeNodes(['conv-encoder-1']));
    expect(Object.keys(s.doc.nodes)).toEqual(['conv-encoder-2']);
    expect(Object.keys(s.doc.edges)).toEqual([]);

    s.undo(); // delete
    expect(Object.keys(s.doc.nodes).sort()).toEqual(['conv-encoder-1', 'conv-encoder-2']);
    expect(Object.keys(s.doc.edges)).toEqual(['conv-encoder-1.z->conv-encoder-2.x']);
    s.undo(); // param
    expect(s.doc.nodes['conv-encoder-2']?.params.channels).toBe(64);
    s.redo();
    expect(s.doc.nodes['conv-encoder-2']?.params.channels).toBe(32);
    s.undo();
    s.undo();
    s.undo();
    s.undo();
    expect(s.doc.nodes).toEqual({});
    expect(s.getSnapshot().canUndo).toBe(false);
    s.redo();
    s.redo();
    expect(Object.keys(s.doc.nodes)).toHaveLength(2);
    // a new edit clears the redo stack
    s.dispatch('Set channels', setParam('conv-encoder-1', 'channels', 8));
    expect(s.getSnapshot().canRedo).toBe(false);
  });

  it('squashes a drag (same merge key) into one undo step and keeps the start position', () => {
    const s = fresh();
    s.dispatch('Add', addNode(def, { x: 10, y: 10 }));
    for (let i = 1; i <= 30; i++)
      s.dispatch('Move', moveNodes({ 'conv-encoder-1': { x: 10 + i * 3, y: 10 + i } }), {
        mergeKey: 'drag-1',
      });
    s.seal();
    expect(s.doc.nodes['conv-encoder-1']?.position).toEqual({ x: 100, y: 40 });
    s.undo();
    expect(s.doc.nodes['conv-encoder-1']?.position).toEqual({ x: 10, y: 10 });
    s.undo();
    expect(s.doc.nodes).toEqual({});
    s.redo();
    s.redo();
    expect(s.doc.nodes['conv-encoder-1']?.position).toEqual({ x: 100, y: 40 });
  });

  it('never records selection, and loading a document is not undoable', () => {
    const s = fresh();
    s.dispatch('Add', addNode(def, { x: 0, y: 0 }));
    s.select(['conv-encoder-1']);
    expect(s.getSnapshot().undoLabel).toBe('Add');
    const other = createEmptyDocument('other');
    s.load(other, '/tmp/other.tessera.json');
    expect(s.doc.name).toBe('other');
    expect(s.getSnapshot().canUndo).toBe(false);
    expect(s.getSnapshot().selection).toEqual([]);
    s.undo();
    expect(s.doc.name).toBe('other');
  });

  it('tracks the dirty marker against the saved state, through undo and redo', () => {
    const s = fresh();
    expect(s.getSnapshot().dirty).toBe(false);
    s.dispatch('Add', addNode(def, { x: 0, y: 0 }));
    expect(s.getSnapshot().dirty).toBe(true);
    s.markSaved('/tmp/a.tessera.json');
    expect(s.getSnapshot().dirty).toBe(false);
    s.dispatch('Set', setParam('conv-encoder-1', 'channels', 3), { mergeKey: 'p' });
    s.dispatch('Set', setParam('conv-encoder-1', 'channels', 4), { mergeKey: 'p' });
    expect(s.getSnapshot().dirty).toBe(true);
    s.undo();
    expect(s.getSnapshot().dirty).toBe(false);
    expect(s.doc.nodes['conv-encoder-1']?.params.channels).toBe(64);
    s.redo();
    expect(s.getSnapshot().dirty).toBe(true);
  });

  it('copies and pastes with fresh ids and the inner edges, as one undo step', () => {
    const s = fresh();
    s.dispatch('Add', addNode(def, { x: 0, y: 0 }));
    s.dispatch('Add', addNode(def, { x: 200, y: 0 }));
    s.dispatch(
      'Connect',
      connect({ node: 'conv-encoder-1', port: 'z' }, { node: 'conv-encoder-2', port: 'x' }),
    );
    const frag = copyFragment(s.doc, ['conv-encoder-1', 'conv-encoder-2']);
    let pasted: string[] = [];
    s.dispatch(
      'Paste',
      pasteFragment(frag, { x: 40, y: 40 }, (ids) => (pasted = ids)),
    );
    expect(pasted).toEqual(['conv-encoder-3', 'conv-encoder-4']);
    expect(s.doc.nodes['conv-encoder-4']?.position).toEqual({ x: 240, y: 40 });
    expect(s.doc.edges['conv-encoder-3.z->conv-encoder-4.x']).toBeDefined();
    // the paste did not alias the original's params
    s.dispatch('Set', setParam('conv-encoder-3', 'widths', [1]));
    expect(s.doc.nodes['conv-encoder-1']?.params.widths).toEqual([32, 64]);
    s.undo();
    s.undo();
    expect(Object.keys(s.doc.nodes)).toHaveLength(2);
  });

  it('drops deleted nodes from the selection', () => {
    const s = fresh();
    s.dispatch('Add', addNode(def, { x: 0, y: 0 }));
    s.select(['conv-encoder-1']);
    s.dispatch('Delete', removeNodes(['conv-encoder-1']));
    expect(s.getSnapshot().selection).toEqual([]);
  });
});

describe('loads (the canvas fits its view to each loaded document)', () => {
  it('counts loads, not edits', () => {
    const s = new DocumentStore(createEmptyDocument('a'));
    expect(s.getSnapshot().loads).toBe(0);
    s.dispatch('Add', addNode(def, { x: 0, y: 0 }));
    expect(s.getSnapshot().loads).toBe(0);
    s.load(createEmptyDocument('b'));
    s.load(createEmptyDocument('c'), '/tmp/c.tessera.json');
    expect(s.getSnapshot().loads).toBe(2);
  });
});

describe('loading recovered work (unsaved)', () => {
  it('stays dirty, through an edit and its undo, until it is saved', () => {
    const s = new DocumentStore(createEmptyDocument('a'));
    s.load(createEmptyDocument('recovered'), '/tmp/r.tessera.json', { unsaved: true });
    expect(s.getSnapshot()).toMatchObject({ dirty: true, path: '/tmp/r.tessera.json' });
    expect(s.getSnapshot().canUndo).toBe(false); // loading is not an undoable edit
    s.dispatch('Add', addNode(def, { x: 0, y: 0 }));
    s.undo();
    expect(s.getSnapshot().dirty).toBe(true); // back at the recovered state, still not the file
    s.markSaved('/tmp/r.tessera.json');
    expect(s.getSnapshot().dirty).toBe(false);
    s.load(createEmptyDocument('plain'), '/tmp/p.tessera.json');
    expect(s.getSnapshot().dirty).toBe(false);
  });
});
