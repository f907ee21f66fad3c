import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelHandle } from '../../../core/node-contract/node-definition';
import { tensorType, type ModelHandleType } from '../../../core/shapes/tensor-type';
import { createFvsbnLayer } from '../fvsbn/fvsbn.layer';
import { createMadeLayer } from '../made/made.layer';
import {
  applyContext,
  buildContext,
  imageType,
  inferWith,
  layerAsHandle,
  seededRng,
} from '../shared/testing';
import { permutation, mulberry32 } from '../../shared/seeded-random';
import { autoregressiveSamplerNode } from './autoregressive-sampler.node';
import {
  createAutoregressiveSamplerLayer,
  sampleAutoregressive,
} from './autoregressive-sampler.layer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const names = { input: 'x', output: 'logits', order: 'order' };
const handleType = (h: number, w: number, withOrder = false): ModelHandleType => ({
  kind: 'model',
  moduleId: 'ar',
  inputs: { x: tensorType('float32', ['B', h, w, 1]) },
  outputs: {
    logits: tensorType('float32', ['B', h, w, 1]),
    ...(withOrder ? { order: tensorType('int32', [h * w]) } : {}),
  },
});
const sig = (z: number): number => 1 / (1 + Math.exp(-z));

describe('sample/autoregressive-sampler', () => {
  it('types its samples from the model handle and names a wrong port', () => {
    const params = { count: 9, inputName: 'x', outputName: 'logits', orderName: 'order' };
    const ok = inferWith(autoregressiveSamplerNode, params, { model: handleType(28, 28) });
    expect(ok.outputs.samples).toEqual({ kind: 'tensor', dtype: 'float32', shape: [9, 28, 28, 1] });
    const wrong = inferWith(
      autoregressiveSamplerNode,
      { ...params, outputName: 'y' },
      { model: handleType(28, 28) },
    );
    expect(wrong.diagnostics[0]?.message).toMatch(
      /no output 'y' \(it has: logits\); set outputName/,
    );
    expect(inferWith(autoregressiveSamplerNode, params, {}).diagnostics[0]?.message).toMatch(
      /Module Handle/,
    );
  });

  it('draws exact samples: empirical frequencies of all 8 images of a 3-pixel FVSBN match p(x)', () => {
    const fv = createFvsbnLayer(tf, { initScale: 0 }, buildContext({ x: imageType(1, 3) }));
    const w = [
      [0, 1.5, -2],
      [0, 0, 2.5],
      [0, 0, 0],
    ];
    const b = [0.4, -1, 0.3];
    fv.weights.w!.assign(tf.tensor2d(w));
    fv.weights.b!.assign(tf.tensor1d(b));
    const n = 20000;
    const s = sampleAutoregressive(
      tf,
      layerAsHandle(fv),
      [1, 3, 1],
      n,
      names,
      applyContext({ rng: seededRng(5) }),
    ).dataSync();
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < n; i++)
      counts[(s[3 * i] as number) * 4 + (s[3 * i + 1] as number) * 2 + (s[3 * i + 2] as number)]! +=
        1;
    let tv = 0;
    for (let code = 0; code < 8; code++) {
      const x = [(code >> 2) & 1, (code >> 1) & 1, code & 1];
      let p = 1;
      for (let i = 0; i < 3; i++) {
        const logit =
          (b[i] as number) +
          x.slice(0, i).reduce((acc, xj, j) => acc + xj * (w[j]![i] as number), 0);
        p *= x[i] ? sig(logit) : 1 - sig(logit);
      }
      tv += Math.abs((counts[code] as number) / n - p) / 2;
    }
    // Total variation of an exact sampler at n = 20000 over 8 cells is ~0.01; a wrong conditional gives > 0.05.
    expect(tv).toBeLessThan(0.02);
  });

  it("follows the model's order output: a copy-chain model in a shuffled order yields constant images", () => {
    const d = 12;
    const order = permutation(mulberry32(9), d); // order[p] = position of pixel p
    const pixelAt = new Array<number>(d);
    order.forEach((pos, p) => (pixelAt[pos] = p));
    // logit of the pixel at position k copies the pixel at position k-1 (almost surely); position 0 is a fair coin.
    const handle: ModelHandle = {
      moduleId: 'chain',
      call: ({ x }) => {
        const flat = x!.reshape([-1, d]).arraySync() as number[][];
        const logits = flat.map((row) =>
          row.map((_, p) =>
            order[p] === 0 ? 0 : 40 * ((row[pixelAt[order[p]! - 1]!] as number) - 0.5),
          ),
        );
        return {
          logits: tf.tensor4d(logits.flat(), [flat.length, 3, 4, 1]),
          order: tf.tensor1d(order, 'int32'),
        };
      },
    };
    const s = sampleAutoregressive(
      tf,
      handle,
      [3, 4, 1],
      64,
      names,
      applyContext({ rng: seededRng(2) }),
    ).arraySync() as number[][][][];
    const sums = s.map((img) => img.flat(2).reduce((a, v) => a + v, 0));
    expect(sums.every((v) => v === 0 || v === d)).toBe(true);
    expect(sums.filter((v) => v === d).length).toBeGreaterThan(16); // both outcomes of the coin appear
    expect(sums.filter((v) => v === 0).length).toBeGreaterThan(16);
  });

  it('samples a MADE (random order) through the node layer, reproducibly, without leaking tensors', () => {
    const made = createMadeLayer(
      tf,
      { hidden: [16], order: 'random', maskSeed: 4, directConnection: true },
      buildContext({ x: imageType(4, 4) }),
    );
    const sampler = createAutoregressiveSamplerLayer(
      tf,
      { count: 5, inputName: 'x', outputName: 'logits', orderName: 'order' },
      buildContext({ model: handleType(4, 4, true) }, 1, 'sampler'),
    );
    const run = (seed: number): number[] => {
      const before = tf.memory().numTensors;
      const out = sampler.apply(
        {},
        applyContext({ rng: seededRng(seed), handles: { model: layerAsHandle(made) } }),
      ).samples!;
      expect(tf.memory().numTensors).toBe(before + 1);
      expect(out.shape).toEqual([5, 4, 4, 1]);
      const v = Array.from(out.dataSync());
      out.dispose();
      return v;
    };
    const a = run(3);
    expect(a.every((v) => v === 0 || v === 1)).toBe(true);
    expect(run(3)).toEqual(a);
    expect(run(4)).not.toEqual(a);
    made.dispose?.();
  });
});
