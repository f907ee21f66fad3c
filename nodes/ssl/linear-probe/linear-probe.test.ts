import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, buildCtx, countParams, infer } from '../../shared/test-kit';
import { softmaxCrossEntropy } from './linear-probe.layer';
import { linearProbeNode } from './linear-probe.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('ssl/linear-probe', () => {
  it('computes the softmax cross entropy and accuracy of hand-made logits', () => {
    const logits = tf.tensor2d([
      [2, 0, 0],
      [0, 1, 3],
    ]);
    const labels = tf.tensor1d([0, 1], 'int32');
    const { loss, accuracy } = softmaxCrossEntropy(tf, logits, labels);
    const l0 = -Math.log(Math.exp(2) / (Math.exp(2) + 2));
    const l1 = -Math.log(Math.exp(1) / (1 + Math.exp(1) + Math.exp(3)));
    expect(loss.dataSync()[0]).toBeCloseTo((l0 + l1) / 2, 5);
    expect(accuracy.dataSync()[0]).toBe(0.5);
  });

  it('has F x K + K weights and learns a separable toy problem', async () => {
    const layer = await linearProbeNode.build(
      tf,
      { classes: 2 } as never,
      buildCtx({ features: tensorType('float32', ['B', 3]) }),
    );
    expect(countParams(layer.weights)).toBe(3 * 2 + 2);
    const x = tf.tensor2d([
      [1, 0, 0.2],
      [0.9, 0.1, 0],
      [0, 1, 0.1],
      [0.1, 0.8, 0],
    ]);
    const y = tf.tensor1d([0, 0, 1, 1], 'int32');
    const run = () => layer.apply({ features: x, labels: y }, applyCtx());
    const first = run().loss!.dataSync()[0]!;
    const opt = tf.train.adam(0.1);
    for (let i = 0; i < 50; i++) opt.minimize(() => run().loss as tf.Scalar);
    expect(run().loss!.dataSync()[0]!).toBeLessThan(Math.min(0.1, first / 3));
    expect(run().accuracy!.dataSync()[0]).toBe(1);
  });

  it('infers logits and names features that are not B x F', () => {
    const ok = infer(
      linearProbeNode,
      { features: tensorType('float32', ['B', 256]), labels: tensorType('int32', ['B']) },
      { classes: 10 },
    );
    expect(ok.diagnostics).toEqual([]);
    expect(ok.outputs.logits).toEqual(tensorType('float32', ['B', 10]));
    const bad = infer(linearProbeNode, {
      features: tensorType('float32', ['B', 7, 7, 64]),
      labels: tensorType('int32', ['B']),
    });
    expect(bad.diagnostics[0]?.message).toMatch(/Flatten or Global Average Pool/);
  });
});
