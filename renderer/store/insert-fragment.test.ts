import { describe, expect, it } from 'vitest';
import vqganJson from '../../templates/vqgan.json';
import vqVaeJson from '../../templates/vq-vae.json';
import { createEmptyDocument } from '../../core/document/create-empty-document';
import type { DocModule, DocNode, TesseraDocument } from '../../core/document/document.types';
import { loadDocument } from '../../core/document/load-document';
import { compileLoaded } from '../../core/graph/compile';
import type { ShapeEnv } from '../../core/node-contract/node-definition';
import { nodeRegistry } from '../../nodes/registry';
import { pasteFragment } from './commands';
import { DocumentStore } from './document-store';
import { boundingBox, boxesOverlap } from './fragment-placement';
import { fragmentOfDocument, insertFragment, type InsertResult } from './insert-fragment';

const env: ShapeEnv = {
  datasets: { mnist: { available: true, height: 28, width: 28, channels: 1, classes: 10 } },
};

const templates = { vqgan: vqganJson, 'vq-vae': vqVaeJson } as const;

const template = (name: keyof typeof templates): TesseraDocument => {
  const loaded = loadDocument(structuredClone(templates[name]));
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return loaded.document!;
};

const node = (id: string, type: string, x: number, y: number, module?: string): DocNode => ({
  id,
  type,
  typeVersion: 1,
  params: module === undefined ? {} : { module, weights: 'shared', emaDecay: 0.999 },
  position: { x, y },
});

const mod = (id: string, name: string, nodes: DocNode[]): DocModule => ({
  id,
  name,
  params: {},
  nodes: Object.fromEntries(nodes.map((n) => [n.id, n])),
  edges: {},
});

const insert = (store: DocumentStore, frag: TesseraDocument, at = { x: 0, y: 0 }) => {
  let result: InsertResult | undefined;
  store.dispatch(
    'Insert',
    insertFragment(fragmentOfDocument(frag), at, (r) => (result = r)),
  );
  return result!;
};

const positions = (nodes: Record<string, DocNode>, ids?: readonly string[]) =>
  Object.values(nodes)
    .filter((n) => ids === undefined || ids.includes(n.id))
    .map((n) => n.position);

describe('insert fragment: modules come along', () => {
  it('into an empty document: the template as it is, ids and module names kept', () => {
    const vqgan = template('vqgan');
    const s = new DocumentStore(createEmptyDocument('empty'));
    const r = insert(s, vqgan, { x: 40, y: 60 });
    expect(Object.keys(s.doc.modules).sort()).toEqual(['decoder', 'disc', 'prior']);
    expect(Object.keys(s.doc.nodes).sort()).toEqual(Object.keys(vqgan.nodes).sort());
    expect(Object.keys(s.doc.edges).sort()).toEqual(Object.keys(vqgan.edges).sort());
    expect(r.renamedNodes.size).toBe(0);
    expect(r.renamedModules.size).toBe(0);
    // The template is laid out already (scripts/layout-templates.ts): its layout is kept, and its
    // top-left goes to the drop point.
    const left = Math.min(...positions(vqgan.nodes).map((p) => p.x));
    const top = Math.min(...positions(vqgan.nodes).map((p) => p.y));
    for (const n of Object.values(vqgan.nodes))
      expect(s.doc.nodes[n.id]?.position).toEqual({
        x: n.position.x - left + 40,
        y: n.position.y - top + 60,
      });
    expect(s.doc.modules.decoder).toEqual(vqgan.modules.decoder);
  });

  it('a clashing module gets decoder-2 / "Decoder 2", and every instance and handle follows', () => {
    const vqgan = template('vqgan');
    const s = new DocumentStore(structuredClone(vqgan));
    const r = insert(s, vqgan);
    expect(Object.keys(s.doc.modules).sort()).toEqual([
      'decoder',
      'decoder-2',
      'disc',
      'disc-2',
      'prior',
      'prior-2',
    ]);
    expect(s.doc.modules['decoder-2']).toMatchObject({ id: 'decoder-2', name: 'Decoder 2' });
    expect(s.doc.modules['disc-2']?.name).toBe('PatchGAN discriminator 2');
    expect(r.renamedModules.get('prior')).toEqual({ id: 'prior-2', name: 'Code prior 2' });
    const calls = r.nodeIds
      .map((id) => s.doc.nodes[id]!)
      .filter((n) => n.type === 'module/instance' || n.type === 'module/handle')
      .map((n) => `${n.type}:${String(n.params.module)}`)
      .sort();
    expect(calls).toEqual([
      'module/handle:prior-2',
      'module/instance:decoder-2',
      'module/instance:decoder-2',
      'module/instance:disc-2',
      'module/instance:disc-2',
      'module/instance:prior-2',
    ]);
    // The document's own instances still call the originals.
    expect(s.doc.nodes.dec?.params.module).toBe('decoder');
    expect(s.doc.nodes['prior-handle']?.params.module).toBe('prior');
  });

  it('rewrites calls inside the inserted modules too (a module that calls another)', () => {
    const inner = mod('block', 'Block', [node('a', 'module/input', 0, 0)]);
    const outer = mod('net', 'Net', [
      node('b1', 'module/instance', 0, 0, 'block'),
      node('h', 'module/handle', 0, 100, 'block'),
    ]);
    const frag: TesseraDocument = {
      ...createEmptyDocument('frag'),
      nodes: { use: node('use', 'module/instance', 0, 0, 'net') },
      modules: { block: inner, net: outer },
    };
    const target: TesseraDocument = {
      ...createEmptyDocument('target'),
      nodes: { use: node('use', 'module/instance', 0, 0, 'net') },
      modules: {
        block: mod('block', 'Other block', []),
        net: mod('net', 'Net', [node('b1', 'module/instance', 0, 0, 'block')]),
      },
    };
    const s = new DocumentStore(target);
    const r = insert(s, frag);
    expect(s.doc.modules['net-2']?.nodes.b1?.params.module).toBe('block-2');
    expect(s.doc.modules['net-2']?.nodes.h?.params.module).toBe('block-2');
    expect(s.doc.modules['block-2']?.name).toBe('Block 2');
    expect(s.doc.nodes[r.nodeIds[0]!]?.params.module).toBe('net-2');
    expect(r.nodeIds[0]).toBe('use-1');
    // The existing modules are untouched.
    expect(s.doc.modules.net?.nodes.b1?.params.module).toBe('block');
    expect(s.doc.modules.block?.name).toBe('Other block');
  });

  it('a module whose name (not id) is taken is renamed as well', () => {
    const frag: TesseraDocument = {
      ...createEmptyDocument('frag'),
      nodes: { i: node('i', 'module/instance', 0, 0, 'dec') },
      modules: { dec: mod('dec', 'Decoder', []) },
    };
    const target: TesseraDocument = {
      ...createEmptyDocument('target'),
      modules: { decoder: mod('decoder', 'Decoder', []) },
    };
    const s = new DocumentStore(target);
    insert(s, frag);
    expect(s.doc.modules['dec-2']?.name).toBe('Decoder 2');
    expect(s.doc.nodes.i?.params.module).toBe('dec-2');
    expect(s.doc.modules.dec).toBeUndefined();
  });
});

describe('insert fragment: node and edge ids', () => {
  it('clashing node ids get fresh ones and their edges follow; free ids are kept', () => {
    const vqgan = template('vqgan');
    const target: TesseraDocument = {
      ...createEmptyDocument('target'),
      nodes: { enc: node('enc', 'data/mnist', 0, 0) },
    };
    const s = new DocumentStore(target);
    const r = insert(s, vqgan, { x: 0, y: 0 });
    expect(r.renamedNodes).toEqual(new Map([['enc', 'enc-1']]));
    expect(s.doc.nodes.enc?.type).toBe('data/mnist');
    expect(s.doc.nodes['enc-1']?.type).toBe('encode/conv-encoder');
    const intoEnc = Object.values(s.doc.edges).filter((e) => e.target.node === 'enc-1');
    expect(intoEnc.map((e) => `${e.source.node}.${e.source.port}`)).toEqual(['data.image']);
    expect(Object.values(s.doc.edges).some((e) => e.target.node === 'enc')).toBe(false);
    expect(Object.keys(s.doc.edges)).toHaveLength(Object.keys(vqgan.edges).length);
  });
});

describe('insert fragment: placement', () => {
  it('never overlaps the existing nodes when dropped on top of them: it goes to their right', () => {
    const vqgan = template('vqgan');
    const s = new DocumentStore(structuredClone(vqgan));
    const before = boundingBox(positions(s.doc.nodes))!;
    const r = insert(s, vqgan, { x: 300, y: 100 });
    const inserted = boundingBox(positions(s.doc.nodes, r.nodeIds))!;
    expect(boxesOverlap(inserted, before)).toBe(false);
    expect(inserted.minX).toBe(before.maxX + 120);
    expect(inserted.minY).toBe(100);
  });

  it('goes to the drop point when the fragment fits there', () => {
    const vqgan = template('vqgan');
    const s = new DocumentStore(structuredClone(vqgan));
    const before = boundingBox(positions(s.doc.nodes))!;
    const at = { x: before.minX, y: before.maxY + 200 };
    const r = insert(s, vqgan, at);
    const inserted = boundingBox(positions(s.doc.nodes, r.nodeIds))!;
    expect({ x: inserted.minX, y: inserted.minY }).toEqual(at);
    expect(boxesOverlap(inserted, before)).toBe(false);
  });
});

describe('insert fragment: undo', () => {
  it('is one undo step that restores the document, and redo brings it back', () => {
    const vqgan = template('vqgan');
    const s = new DocumentStore(structuredClone(vqgan));
    const before = s.doc;
    insert(s, template('vqgan'), { x: 0, y: 0 });
    const after = s.doc;
    expect(Object.keys(after.modules)).toHaveLength(6);
    expect(s.getSnapshot().undoLabel).toBe('Insert');
    s.undo();
    expect(s.doc).toEqual(before);
    expect(s.getSnapshot().canUndo).toBe(false);
    s.redo();
    expect(s.doc).toEqual(after);
  });
});

describe('insert fragment: the result compiles', () => {
  it('VQGAN dropped into a VQGAN project: no module is missing and nothing fails to check', () => {
    const s = new DocumentStore(template('vqgan'));
    const r = insert(s, template('vqgan'), { x: 0, y: 0 });
    expect(r.renamedModules.size).toBe(3);
    const result = compileLoaded(s.doc, nodeRegistry, env);
    const messages = result.diagnostics.map((d) => `${d.severity} ${d.nodeId ?? ''}: ${d.message}`);
    expect(messages.filter((m) => /does not exist|module/i.test(m))).toEqual([]);
    expect(messages.filter((m) => m.startsWith('error'))).toEqual([]);
    expect(result.diagnostics).toEqual([]);
    // The inserted decoder instance is typed through its module, like the original.
    const dec2 = r.renamedNodes.get('dec')!;
    expect(s.doc.nodes[dec2]?.params.module).toBe('decoder-2');
    expect(result.program?.graph.nodes[dec2]?.outputTypes).toEqual(
      result.program?.graph.nodes.dec?.outputTypes,
    );
    expect(result.program?.graph.nodes.dec?.outputTypes.image).toMatchObject({
      shape: ['B', 28, 28, 1],
    });
  });

  it('VQGAN dropped into a VQ-VAE project (no modules): every instance finds its module', () => {
    const s = new DocumentStore(template('vq-vae'));
    insert(s, template('vqgan'), { x: 0, y: 0 });
    expect(Object.keys(s.doc.modules).sort()).toEqual(['decoder', 'disc', 'prior']);
    const result = compileLoaded(s.doc, nodeRegistry, env);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // What the drop did before: nodes and edges only, so the instances call nothing.
    const old = new DocumentStore(template('vq-vae'));
    const vqgan = template('vqgan');
    old.dispatch(
      'Insert',
      pasteFragment(
        { nodes: Object.values(vqgan.nodes), edges: Object.values(vqgan.edges) },
        { x: 0, y: 0 },
      ),
    );
    const broken = compileLoaded(old.doc, nodeRegistry, env).diagnostics.map((d) => d.message);
    expect(broken.some((m) => /calls module "decoder", which does not exist/.test(m))).toBe(true);
  });
});
