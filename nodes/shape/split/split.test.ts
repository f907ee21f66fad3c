import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { countParams, infer } from '../../shared/test-kit';
import { buildLayer, projectedGradientError, run } from '../shared/test-helpers';
import { splitNode } from './split.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const t = (...shape: (number | string)[]) => tensorType('float32', shape);

describe('shape/split', () => {
  it('gives one output per size and leaves the rest absent', () => {
    const r = infer(splitNode, { x: t('B', 'N', 128) }, { sizes: [64, 64] });
    expect(r.diagnostics).toEqual([]);
    expect(Object.keys(r.outputs)).toEqual(['out0', 'out1']);
    expect(r.outputs['out1']).toEqual(t('B', 'N', 64));
    const r3 = infer(splitNode, { x: t('B', 6, 'W', 3) }, { sizes: [1, 2, 3], axis: 1 });
    expect(Object.keys(r3.outputs)).toEqual(['out0', 'out1', 'out2']);
    expect(r3.outputs['out2']).toEqual(t('B', 3, 'W', 3));
    expect(splitNode.outputs.map((p) => Boolean(p.optional))).toEqual([false, false, true, true]);
  });

  it('reports sizes that do not add up, an unknown axis size and a bad axis', () => {
    const d = infer(splitNode, { x: t('B', 'N', 128) }, { sizes: [64, 32] }).diagnostics;
    expect(d[0]?.port).toBe('x');
    expect(d[0]?.message).toMatch(/add up to 96, but axis 2 of x \(B x N x 128\) has 128/);
    expect(
      infer(splitNode, { x: t('B', 'N', 8) }, { sizes: [1, 1], axis: 1 }).diagnostics[0]?.message,
    ).toMatch(/unknown size N/);
    expect(
      infer(splitNode, { x: t('B', 8) }, { sizes: [4, 4], axis: 2 }).diagnostics[0]?.message,
    ).toMatch(/axis 2 is outside x/);
    expect(infer(splitNode, { x: t('B', 8) }, { sizes: [8] }).diagnostics[0]?.message).toMatch(
      /2 to 4/,
    );
  });

  it('matches tf.split and passes gradients from each piece', async () => {
    const layer = await buildLayer(
      tf,
      splitNode,
      { sizes: [1, 3, 2], axis: -1 },
      { x: t('B', 3, 6) },
    );
    const x = tf.randomNormal([2, 3, 6], 0, 1, 'float32', 8);
    const out = layer.apply({ x }, { training: true } as never);
    expect(Object.keys(out)).toEqual(['out0', 'out1', 'out2']);
    expect(out['out1']!.shape).toEqual([2, 3, 3]);
    expect(Array.from(out['out2']!.dataSync())).toEqual(
      Array.from(tf.slice(x, [0, 0, 4], [2, 3, 2]).dataSync()),
    );
    expect(countParams(layer.weights)).toBe(0);
    expect(run(layer, { x }, 'out0').shape).toEqual([2, 3, 1]);
    for (const o of ['out0', 'out1', 'out2'])
      expect(projectedGradientError(tf, layer, { x }, 'x', o)).toBeLessThan(1e-2);
  });
});
