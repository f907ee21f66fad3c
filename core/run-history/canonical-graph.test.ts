import { describe, expect, it } from 'vitest';
import { edge, graphDoc, moduleOf, node } from '../graph/testing/doc-builder';
import { canonicalGraph, stableStringify } from './canonical-graph';

describe('stableStringify', () => {
  it('sorts keys at every depth and leaves undefined out', () => {
    expect(stableStringify({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });
});

describe('canonicalGraph', () => {
  const doc = () => {
    const d = graphDoc(
      [node('a', 'layers/dense', { units: 4 }), node('b', 'activation/relu')],
      [edge('a.y', 'b.x')],
    );
    d.modules = { m: moduleOf('m', [node('i', 'layers/dense', { units: 2 })], []) };
    return d;
  };

  it('is the same for a moved node, a new name, description or app version, and key order', () => {
    const a = doc();
    const b = structuredClone(a);
    b.nodes.a!.position = { x: 99, y: 3 };
    b.modules.m!.nodes.i!.position = { x: -5, y: 8 };
    b.name = 'another';
    b.description = 'words';
    b.appVersion = '9.9.9';
    const reordered = { ...b, nodes: { b: b.nodes.b!, a: b.nodes.a! } };
    expect(canonicalGraph(reordered)).toBe(canonicalGraph(a));
  });

  it('differs for a param, an edge, a module node or the training config', () => {
    const a = doc();
    const variants = [
      (d: ReturnType<typeof doc>) => (d.nodes.a!.params.units = 8),
      (d: ReturnType<typeof doc>) => delete d.edges['a.y->b.x'],
      (d: ReturnType<typeof doc>) => (d.modules.m!.nodes.i!.params.units = 3),
      (d: ReturnType<typeof doc>) => (d.training.batchSize = 4),
    ];
    for (const change of variants) {
      const b = structuredClone(a);
      change(b);
      expect(canonicalGraph(b)).not.toBe(canonicalGraph(a));
    }
  });
});
