// The autoregressive templates compile without diagnostics and wire the model, the exact NLL,
// the optimizer and the pixel-by-pixel sampler as their papers prescribe.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileDocument } from '../core/graph/compile';
import type { TesseraDocument } from '../core/document/document.types';
import { nodeRegistry } from '../nodes/registry';
import { createShapeEnv } from '../main/engine/data/data-provider';

const load = (name: string): TesseraDocument =>
  JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8')) as TesseraDocument;

const image = { kind: 'tensor', dtype: 'float32', shape: ['B', 28, 28, 1] };

describe('autoregressive templates', () => {
  for (const [name, type] of [
    ['fvsbn', 'autoregressive/fvsbn'],
    ['nade', 'autoregressive/nade'],
    ['made', 'autoregressive/made'],
    ['pixelcnn', 'autoregressive/pixelcnn'],
  ] as const) {
    it(`${name} compiles cleanly: binarized MNIST -> ${type} -> Bernoulli NLL -> Adam, and a sampler on a model handle`, () => {
      const doc = load(name);
      const r = compileDocument(doc, nodeRegistry, createShapeEnv());
      expect(r.diagnostics).toEqual([]);
      const g = r.program!.graph;
      expect(doc.nodes['data']?.params).toMatchObject({ binarize: true });
      expect(r.program!.modules['density']?.nodes['ar']?.type).toBe(type);
      expect(g.nodes['model']?.outputTypes['logits']).toEqual(image);
      expect(g.nodes['nll']?.outputTypes['loss']).toEqual({
        kind: 'tensor',
        dtype: 'float32',
        shape: [],
      });
      expect(g.nodes['sampler']?.outputTypes['samples']).toEqual({
        kind: 'tensor',
        dtype: 'float32',
        shape: [16, 28, 28, 1],
      });
      expect(doc.training.stages[0]?.objectives[0]).toMatchObject({
        optimizer: 'adam',
        updates: ['density'],
      });
      expect(Object.values(doc.previews).map((p) => p.kind)).toContain('samples');
    });
  }

  it('MADE exposes its order to the sampler and previews its masks', () => {
    const doc = load('made');
    const r = compileDocument(doc, nodeRegistry, createShapeEnv());
    expect(r.program!.graph.nodes['handle']?.outputTypes['model']).toMatchObject({
      kind: 'model',
      outputs: { order: { dtype: 'int32', shape: [784] } },
    });
    expect(doc.previews['masks']).toMatchObject({
      sources: [{ node: 'ar', port: 'order' }],
      data: 'node-preview',
    });
  });
});
