import { describe, it, expect } from 'vitest';
import { compileLoaded } from './compile';
import { testEnv, testRegistry } from './testing/test-registry';
import { testNodes, testOptimizer } from './testing/fake-nodes';
import { createRegistry } from '../node-contract/node-definition';
import { edge, graphDoc, node } from './testing/doc-builder';

const registry = testRegistry();

describe('shapes pass', () => {
  it('checks input rank against the PortSpec at the consumer, naming the producer', () => {
    const doc = graphDoc(
      [
        node('s', 'test/source'),
        node('f', 'test/flatten'),
        node('c', 'test/conv', {}, { label: 'Decoder' }),
        node('l', 'test/loss'),
      ],
      [edge('s.out', 'f.x'), edge('f.y', 'c.x'), edge('c.y', 'l.a')],
    );
    const r = compileLoaded(doc, registry, testEnv);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ source: 'shapes', nodeId: 'c', port: 'x' });
    expect(r.diagnostics[0]!.message).toBe(
      'Decoder input "x" expects rank 4 (B x H x W x C) but receives rank 2: Flatten.y gives B x 64. Connect an output of the right rank, or reshape it.',
    );
    expect(r.program!.graph.nodes.l!.shapeStatus).toBe('skipped');
    expect(r.program!.graph.nodes.c!.shapeStatus).toBe('error');
    expect(r.program!.graph.nodes.c!.inputTypes.x).toMatchObject({ shape: ['B', 64] });
  });

  it('only reports the first mismatch along a chain', () => {
    const doc = graphDoc(
      [
        node('s', 'test/source', { C: 3 }),
        node('c1', 'test/conv', { inChannels: 1 }, { label: 'First' }),
        node('c2', 'test/conv', { inChannels: 5 }, { label: 'Second' }),
        node('c3', 'test/conv', { inChannels: 7 }, { label: 'Third' }),
      ],
      [edge('s.out', 'c1.x'), edge('c1.y', 'c2.x'), edge('c2.y', 'c3.x')],
    );
    const r = compileLoaded(doc, registry, testEnv);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toBe(
      'First: expects 1 channels but gets 3; set inChannels to 3. (input "x" comes from Source.out, which gives B x 8 x 8 x 3.)',
    );
  });

  it('turns a throwing inferShapes into a diagnostic', () => {
    const r = compileLoaded(graphDoc([node('b', 'test/broken')], []), registry, testEnv);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        nodeId: 'b',
        message: expect.stringContaining('shape inference of Broken failed (boom)'),
      }),
    ]);
  });

  it('types 500 chained nodes', () => {
    const nodes = [node('n0', 'test/source', { C: 4 })];
    const edges = [];
    for (let i = 1; i < 500; i++) {
      nodes.push(node(`n${i}`, 'test/conv', { inChannels: 4, outChannels: 4 }));
      edges.push(edge(`n${i - 1}.${i === 1 ? 'out' : 'y'}`, `n${i}.x`));
    }
    const r = compileLoaded(graphDoc(nodes, edges), registry, testEnv);
    expect(r.diagnostics).toEqual([]);
    expect(r.program!.graph.nodes.n499!.outputTypes.y).toMatchObject({ shape: ['B', 8, 8, 4] });
  });

  it('asks for a scalar where a port has rank 0', () => {
    const scalarSink = {
      ...testOptimizer,
      id: 'test/strict-optimizer',
      inputs: [{ name: 'loss', kind: 'tensor' as const, dtype: 'float32' as const, rank: 0 }],
    };
    const reg = createRegistry([...testNodes, scalarSink]);
    const doc = graphDoc(
      [
        node('s', 'test/source'),
        node('l', 'test/loss', { reduction: 'none' }),
        node('o', 'test/strict-optimizer'),
      ],
      [edge('s.out', 'l.a'), edge('l.loss', 'o.loss')],
    );
    const r = compileLoaded(doc, reg, testEnv);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        nodeId: 'o',
        message:
          'Adam input "loss" expects a scalar (one number) but receives a tensor: MSE.loss gives B x 8 x 8 x 1. Reduce it to one number first (a loss with mean reduction).',
      }),
    ]);
  });
});
