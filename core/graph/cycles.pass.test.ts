import { describe, it, expect } from 'vitest';
import { compileLoaded } from './compile';
import { testEnv, testRegistry } from './testing/test-registry';
import { edge, graphDoc, node } from './testing/doc-builder';

const registry = testRegistry();

describe('cycles pass', () => {
  it('names the nodes of a cycle in data-flow order and leaves the order empty', () => {
    const doc = graphDoc(
      [
        node('s', 'test/source', { C: 8 }),
        node('a', 'test/loss', {}, { label: 'A' }),
        node('b', 'test/conv', { inChannels: 8 }, { label: 'B' }),
        node('c', 'test/conv', { inChannels: 8 }, { label: 'C' }),
      ],
      [edge('s.out', 'a.a'), edge('c.y', 'a.b'), edge('a.loss', 'b.x'), edge('b.y', 'c.x')],
    );
    const r = compileLoaded(doc, registry, testEnv);
    const cyc = r.diagnostics.filter((d) => d.source === 'cycles');
    expect(cyc).toHaveLength(1);
    expect(cyc[0]!.message).toContain(
      'form a cycle: A → B → C → A. A value cannot depend on itself; delete the edge from C to A',
    );
    expect(r.program!.graph.order).toEqual([]);
    // No shape cascade from the cycle.
    expect(r.diagnostics.filter((d) => d.source === 'shapes')).toEqual([]);
  });

  it('reports a self-loop', () => {
    const doc = graphDoc([node('c', 'test/conv', {}, { label: 'Loop' })], [edge('c.y', 'c.x')]);
    const r = compileLoaded(doc, registry, testEnv);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        source: 'cycles',
        nodeId: 'c',
        message: expect.stringContaining('Loop → Loop'),
      }),
    ]);
  });

  it('orders an acyclic graph producers first, deterministic', () => {
    const doc = graphDoc(
      [
        node('l', 'test/loss'),
        node('c2', 'test/conv', { inChannels: 8 }),
        node('c1', 'test/conv'),
        node('s', 'test/source'),
      ],
      [edge('s.out', 'c1.x'), edge('c1.y', 'c2.x'), edge('c2.y', 'l.a')],
    );
    const r = compileLoaded(doc, registry, testEnv);
    expect(r.diagnostics).toEqual([]);
    expect(r.program!.graph.order).toEqual(['s', 'c1', 'c2', 'l']);
  });
});
