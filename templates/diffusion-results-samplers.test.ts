// The evaluation samplers of scripts/results-diffusion.ts: copies of a diffusion template's own
// sampler node (scripts/diffusion/results-eval-nodes.ts) compile cleanly next to the template,
// take the same inputs, and end where the template's samples preview ends (the stage-1 decoder
// for latent diffusion); and the scorer (scripts/diffusion/results-scorer.ts) tells real held-out
// images from noise with the Fréchet node's classifier.
import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfjs from '@tensorflow/tfjs';
import { compileDocument } from '../core/graph/compile';
import { nodeRegistry } from '../nodes/registry';
import { initBackend } from '../main/engine/backend/select-backend';
import { createDataProvider, createShapeEnv } from '../main/engine/data/data-provider';
import { loadTemplate } from '../main/engine/testing/engine-fixtures';
import { DEFAULT_CLASSIFIER } from '../nodes/metric/frechet-distance/feature-classifier';
import { heldOutRows } from '../nodes/metric/frechet-distance/frechet-distance.layer';
import { addEvalSampler, imageChain } from '../scripts/diffusion/results-eval-nodes';
import { createScorer } from '../scripts/diffusion/results-scorer';

let tf: typeof tfjs;
beforeAll(async () => {
  tf = (await initBackend({ backend: 'wasm' })).tf;
});

const t = (shape: (string | number)[]) => ({ kind: 'tensor', dtype: 'float32', shape });

describe('results-diffusion evaluation samplers', () => {
  it('ddpm: DDIM and DDPM copies of the sampler compile, fed like the template sampler', () => {
    const doc = loadTemplate('ddpm');
    expect(imageChain(doc)).toEqual([]);
    const ddim = addEvalSampler(doc, {
      id: 'ddim-10-w3',
      kind: 'ddim',
      samplingSteps: 10,
      guidance: 3,
      count: 250,
      seed: 7,
    });
    const ddpm = addEvalSampler(doc, {
      id: 'ddpm-w1',
      kind: 'ddpm',
      guidance: 1,
      count: 20,
      seed: 7,
    });
    expect(ddim).toEqual({
      samples: { node: 'eval-ddim-10-w3', port: 'samples' },
      strip: { node: 'eval-ddim-10-w3', port: 'strip' },
      range: '-1..1',
    });
    const inputs = (id: string) =>
      Object.values(doc.edges)
        .filter((e) => e.target.node === id)
        .map((e) => `${e.source.node}.${e.source.port}->${e.target.port}`)
        .sort();
    expect(inputs('eval-ddpm-w1')).toEqual(inputs('sampler'));
    expect(doc.nodes['eval-ddpm-w1']!.type).toBe('diffusion/ddpm-sampler');
    expect(doc.nodes['eval-ddpm-w1']!.params.samplingSteps).toBeUndefined();
    expect(doc.nodes['eval-ddim-10-w3']!.params).toMatchObject({ samplingSteps: 10, guidance: 3 });
    const r = compileDocument(doc, nodeRegistry, createShapeEnv());
    expect(r.diagnostics).toEqual([]);
    const out = (id: string, port: string) => r.program!.graph.nodes[id]?.outputTypes[port];
    expect(out('eval-ddim-10-w3', 'samples')).toEqual(t([250, 28, 28, 1]));
    expect(out(ddpm.samples.node, 'samples')).toEqual(t([20, 28, 28, 1]));
    // 10 strip rows x 8 frames.
    expect(out('eval-ddim-10-w3', 'strip')).toEqual(t([80, 28, 28, 1]));
  });

  it('latent-diffusion: the copies end in their own unscale + decoder chain', () => {
    const doc = loadTemplate('latent-diffusion');
    expect(imageChain(doc)).toEqual([
      { id: 'unscale-samples', out: 'y' },
      { id: 'decode-samples', out: 'image' },
    ]);
    const p = addEvalSampler(doc, {
      id: 'ddim-20-w3',
      kind: 'ddim',
      samplingSteps: 20,
      guidance: 3,
      count: 100,
      seed: 7,
    });
    expect(p.samples).toEqual({ node: 'eval-ddim-20-w3-decode-samples', port: 'image' });
    expect(p.strip).toEqual({ node: 'eval-ddim-20-w3-strip-decode-samples', port: 'image' });
    expect(p.range).toBe('0..1');
    const r = compileDocument(doc, nodeRegistry, createShapeEnv());
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const out = (ref: { node: string; port: string }) =>
      r.program!.graph.nodes[ref.node]?.outputTypes[ref.port];
    expect(out({ node: 'eval-ddim-20-w3', port: 'samples' })).toEqual(t([100, 7, 7, 4]));
    expect(out(p.samples)).toEqual(t([100, 28, 28, 1]));
    expect(out(p.strip)).toEqual(t([80, 28, 28, 1]));
    // The template's own chain is untouched.
    expect(Object.values(doc.edges).filter((e) => e.target.node === 'decode-samples')).toHaveLength(
      1,
    );
  });

  it('the scorer puts real held-out images near the floor and on their class, noise far off', async () => {
    const n = 100;
    // A 300-step classifier keeps the test short (the results use the node's 800 steps).
    const scorer = await createScorer(tf, createDataProvider(), 'mnist', {
      ...DEFAULT_CLASSIFIER,
      steps: 300,
    });
    const test = scorer.test;
    // Rows past the 2n the floor uses, with their true labels.
    const rows = heldOutRows(test, 1234).slice(2 * n, 3 * n);
    const p = test.height * test.width;
    const real = new Float32Array(n * p);
    rows.forEach((r, i) => real.set(test.images.subarray(r * p, (r + 1) * p), i * p));
    const labels = rows.map((r) => test.labels[r]!);
    const floor = scorer.floor(n);
    const realScore = scorer.score(real, n, labels);
    const noise = Float32Array.from({ length: n * p }, (_, i) => (Math.sin(i * 12.9898) + 1) / 2);
    const noiseScore = scorer.score(noise, n, labels);
    console.log(
      `scorer: floor ${floor.toFixed(1)}, real ${realScore.fd.toFixed(1)} (${realScore.share}), noise ${noiseScore.fd.toFixed(1)} (${noiseScore.share})`,
    );
    expect(floor).toBeGreaterThan(0);
    expect(realScore.fd).toBeLessThan(2 * floor);
    expect(realScore.share).toBeGreaterThan(0.8);
    expect(noiseScore.fd).toBeGreaterThan(5 * floor);
    expect(noiseScore.share).toBeLessThan(0.4);
  }, 120_000);
});
