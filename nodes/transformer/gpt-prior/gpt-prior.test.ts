import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyContext, buildContext, inferWith, testRng } from '../../attention/test-context';
import { gptPriorNode } from './gpt-prior.node';
import { createGptPrior } from './gpt-prior.layer';

const params = { codebookSize: 8, dim: 16, layers: 1, heads: 2, mlpRatio: 2, maxLength: 9 };

/** Code grids 3x3 whose raster sequence counts up mod 8 from a random start. */
const countingCodes = (batch: number, seed: number): tf.Tensor => {
  const rng = testRng(seed);
  const rows: number[] = [];
  for (let b = 0; b < batch; b++) {
    const s = rng.int(8);
    for (let i = 0; i < 9; i++) rows.push((s + i) % 8);
  }
  return tf.tensor3d(rows, [batch, 3, 3], 'int32');
};

describe('transformer/gpt-prior', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('infers logits B x N x K from a B x H x W grid and checks maxLength', () => {
    const r = inferWith(gptPriorNode, params, { codes: tensorType('int32', ['B', 3, 3]) });
    expect(r.outputs['logits']).toEqual(tensorType('float32', ['B', 9, 8]));
    expect(r.outputs['nll']).toEqual(tensorType('float32', []));
    const long = inferWith(gptPriorNode, params, { codes: tensorType('int32', ['B', 7, 7]) });
    expect(long.diagnostics[0]?.message).toMatch(/49 positions but maxLength is 9/);
  });

  it('logits at position i do not depend on codes i.. (shifted, causal); initial NLL is near log K', () => {
    const layer = createGptPrior(tf, params, buildContext({ codes: ['int32', [2, 3, 3]] }));
    const a = countingCodes(2, 1);
    const b = tf.concat(
      [tf.slice(tf.reshape(a, [2, 9]), [0, 0], [2, 4]), tf.fill([2, 5], 7, 'int32')],
      1,
    );
    const la = layer.apply({ codes: a }, applyContext());
    const lb = layer.apply({ codes: tf.reshape(b, [2, 3, 3]) }, applyContext());
    // positions 0..4 see codes 0..3 only (identical in a and b).
    const d = tf.max(
      tf.abs(
        tf.sub(
          tf.slice(la['logits']!, [0, 0, 0], [2, 5, 8]),
          tf.slice(lb['logits']!, [0, 0, 0], [2, 5, 8]),
        ),
      ),
    );
    expect(d.dataSync()[0]).toBeLessThan(1e-6);
    expect(Math.abs(la['nll']!.dataSync()[0]! - Math.log(8))).toBeLessThan(0.15);
  });

  it('learns a counting sequence: NLL per code falls far below log K', () => {
    const layer = createGptPrior(tf, params, buildContext({ codes: ['int32', [16, 3, 3]] }, 3));
    const vars = Object.values(layer.weights);
    const opt = tf.train.adam(0.01);
    const codes = countingCodes(16, 2);
    for (let i = 0; i < 60; i++)
      opt.minimize(() => layer.apply({ codes }, applyContext())['nll'] as tf.Scalar, false, vars);
    const outputs = layer.apply({ codes: countingCodes(16, 99) }, applyContext());
    const nll = outputs['nll']!.dataSync()[0]!;
    // Only the first code is random: the floor is log(8)/9 = 0.23 nats per code.
    expect(nll).toBeLessThan(0.6);
  });
});
