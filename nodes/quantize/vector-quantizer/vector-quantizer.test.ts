import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, buildCtx, countParams, infer, paramsOf } from '../../shared/test-kit';
import { vectorQuantizerNode } from './vector-quantizer.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const build = (given: Record<string, unknown>, d = 2) =>
  vectorQuantizerNode.build(
    tf,
    paramsOf(vectorQuantizerNode, given) as never,
    buildCtx({ z: tensorType('float32', ['B', 1, 2, d]) }),
  );

describe('quantize/vector-quantizer', () => {
  it('infers quantized, indices, loss, perplexity and the K x D codebook', () => {
    const r = infer(vectorQuantizerNode, { z: tensorType('float32', ['B', 7, 7, 16]) });
    expect(r.diagnostics).toEqual([]);
    expect(r.outputs.quantized).toEqual(tensorType('float32', ['B', 7, 7, 16]));
    expect(r.outputs.indices).toEqual(tensorType('int32', ['B', 7, 7]));
    expect(r.outputs.perplexity).toEqual(tensorType('float32', []));
    expect(r.outputs.codebook).toEqual(tensorType('float32', [64, 16]));
    expect(
      infer(vectorQuantizerNode, { z: tensorType('float32', ['B', 7, 7, 'D']) }).diagnostics[0]
        ?.message,
    ).toMatch(/outChannels/);
  });

  it('picks the nearest code, computes the loss and perplexity, and passes gradients straight through', async () => {
    const layer = await build({ codebookSize: 3, beta: 0.25 });
    expect(countParams(layer.weights)).toBe(6);
    layer.weights.codebook!.assign(
      tf.tensor2d([
        [0, 0],
        [1, 1],
        [-1, 2],
      ]),
    );
    const z = tf.tensor4d([
      [
        [
          [0.9, 1.2],
          [-0.8, 1.7],
        ],
      ],
      [
        [
          [0.1, -0.1],
          [1, 0.8],
        ],
      ],
    ]);
    const out = layer.apply({ z }, applyCtx());
    expect(Array.from(await out.indices!.data())).toEqual([1, 2, 0, 1]);
    expect(Array.from(await out.quantized!.data())).toEqual([1, 1, -1, 2, 0, 0, 1, 1]);
    // squared distances per row: .05, .13, .02, .04 -> mean over 8 elements = 0.03; loss = (1 + beta) * 0.03
    expect((await out.loss!.data())[0]).toBeCloseTo(1.25 * 0.03, 5);
    // usage 2/4, 1/4, 1/4 -> exp(entropy)
    const h = -(0.5 * Math.log(0.5) + 2 * 0.25 * Math.log(0.25));
    expect((await out.perplexity!.data())[0]).toBeCloseTo(Math.exp(h), 4);
    // straight-through: d sum(quantized * w) / dz = w
    const w = tf.randomNormal([2, 1, 2, 2], 0, 1, 'float32', 9);
    const g = tf.grad((zz: tf.Tensor) =>
      tf.sum(tf.mul(layer.apply({ z: zz }, applyCtx()).quantized!, w)),
    )(z);
    expect(Array.from(await g.data())).toEqual(Array.from(await w.data()));
    // the codebook gets the codebook-loss gradient: d/de mean((sg z - e)^2) for code 2 = 2*(e - z)/8
    const { grads } = tf.variableGrads(
      () => layer.apply({ z }, applyCtx()).loss as tf.Scalar,
      [layer.weights.codebook!],
    );
    const gc = (await Object.values(grads)[0]!.array()) as number[][];
    expect(gc[2]![0]).toBeCloseTo((2 * (-1 + 0.8)) / 8, 5);
  });

  it('outputs the codebook weights exactly, with no gradient into them through that port', async () => {
    const layer = await build({ codebookSize: 3 });
    const cb = layer.weights.codebook!;
    cb.assign(
      tf.tensor2d([
        [0, 0],
        [1, 1],
        [-1, 2],
      ]),
    );
    const z = tf.tensor4d([
      [
        [
          [0.9, 1.2],
          [-0.8, 1.7],
        ],
      ],
    ]);
    const out = layer.apply({ z }, applyCtx());
    expect(out.codebook!.shape).toEqual([3, 2]);
    expect(await out.codebook!.array()).toEqual(await cb.array());
    // A loss on the codebook output alone gives the codebook weights a zero gradient.
    const w = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const { grads } = tf.variableGrads(
      () => tf.sum(tf.mul(layer.apply({ z }, applyCtx()).codebook!, w)) as tf.Scalar,
      [cb],
    );
    expect(Array.from(await Object.values(grads)[0]!.data())).toEqual([0, 0, 0, 0, 0, 0]);
    // ... and adding it to the quantizer loss leaves the codebook-loss gradient unchanged.
    const base = tf.variableGrads(
      () => layer.apply({ z }, applyCtx()).loss as tf.Scalar,
      [cb],
    ).grads;
    const both = tf.variableGrads(() => {
      const o = layer.apply({ z }, applyCtx());
      return tf.add(o.loss!, tf.sum(tf.mul(o.codebook!, w))) as tf.Scalar;
    }, [cb]).grads;
    expect(Array.from(await Object.values(both)[0]!.data())).toEqual(
      Array.from(await Object.values(base)[0]!.data()),
    );
  });

  it('EMA mode moves codes towards their assigned vectors and keeps them out of the weights', async () => {
    const layer = await build({ codebookSize: 2, ema: true, emaDecay: 0.5 });
    expect(Object.keys(layer.weights)).toEqual([]);
    const cb = layer.state!.codebook!;
    cb.assign(
      tf.tensor2d([
        [0, 0],
        [5, 5],
      ]),
    );
    const z = tf.tensor4d([
      [
        [
          [1, 1],
          [1, 1],
        ],
      ],
    ]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 8; i++) {
      tf.tidy(() => void layer.apply({ z }, applyCtx()));
      layer.afterStep!(applyCtx());
    }
    expect(tf.memory().numTensors).toBe(before);
    const code0 = (await cb.array()) as number[][];
    expect(code0[0]![0]).toBeCloseTo(1, 1);
  });

  it('restarts a dead code on an encoder output', async () => {
    const layer = await build({ codebookSize: 2, deadCodeThreshold: 0.999 });
    const cb = layer.weights.codebook!;
    cb.assign(
      tf.tensor2d([
        [0, 0],
        [50, 50],
      ]),
    );
    const z = tf.tensor4d([
      [
        [
          [1, 1],
          [2, 2],
        ],
      ],
    ]);
    for (let i = 0; i < 3; i++) {
      tf.tidy(() => void layer.apply({ z }, applyCtx()));
      layer.afterStep!(applyCtx());
    }
    const rows = (await cb.array()) as number[][];
    expect([1, 2]).toContain(rows[1]![0]);
  });
});
