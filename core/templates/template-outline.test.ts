import { describe, expect, it } from 'vitest';
import dcganTemplate from '../../templates/dcgan.json';
import vqVaeTemplate from '../../templates/vq-vae.json';
import { templateCounts, templateOutline } from './template-outline';

const templates: Record<string, unknown> = { 'vq-vae': vqVaeTemplate, dcgan: dcganTemplate };
const template = (id: string): unknown => structuredClone(templates[id]);

describe("a template's outline for the gallery thumbnail", () => {
  it('holds the top-level nodes with their canvas positions and the edges by node id', () => {
    const o = templateOutline(template('vq-vae'));
    expect(o.nodes.map((n) => n.id)).toEqual([
      'data',
      'encoder',
      'vq',
      'decoder',
      'recon',
      'total',
      'adam',
    ]);
    expect(o.nodes[1]).toEqual({ id: 'encoder', type: 'encode/conv-encoder', x: 295, y: 135 });
    expect(o.edges).toContainEqual({ from: 'data', to: 'encoder' });
    expect(o.edges).toContainEqual({ from: 'encoder', to: 'vq' });
    expect(o.edges).toHaveLength(8);
  });

  it('leaves out malformed nodes and edges instead of throwing', () => {
    const o = templateOutline({
      nodes: {
        a: { id: 'a', type: 't', position: { x: 0, y: 0 } },
        b: { id: 'b', type: 't', position: { x: 'far', y: 0 } },
        c: { id: 'c', type: 't' },
        d: null,
        e: { id: 'e', type: 't', position: { x: 300, y: Infinity } },
        f: { id: 'f', type: 't', position: { x: 200, y: 50 } },
      },
      edges: {
        e1: { source: { node: 'a' }, target: { node: 'f' } },
        e2: { source: { node: 'a' }, target: { node: 'b' } },
        e3: { source: 'a', target: { node: 'f' } },
        e4: 7,
      },
    });
    expect(o.nodes.map((n) => n.id)).toEqual(['a', 'f']);
    expect(o.edges).toEqual([{ from: 'a', to: 'f' }]);
    for (const bad of [undefined, null, 3, 'x', [], { nodes: [1, 2], edges: 'no' }])
      expect(templateOutline(bad)).toEqual({ nodes: [], edges: [] });
  });

  it('counts the nodes inside modules too', () => {
    expect(templateCounts(template('vq-vae'))).toEqual({ nodeCount: 7, moduleCount: 0 });
    const dcgan = template('dcgan') as {
      nodes: object;
      modules: Record<string, { nodes: object }>;
    };
    const inner = Object.values(dcgan.modules).reduce((s, m) => s + Object.keys(m.nodes).length, 0);
    expect(inner).toBeGreaterThan(10);
    expect(templateCounts(dcgan)).toEqual({
      nodeCount: Object.keys(dcgan.nodes).length + inner,
      moduleCount: 2,
    });
    expect(templateCounts(null)).toEqual({ nodeCount: 0, moduleCount: 0 });
  });
});
