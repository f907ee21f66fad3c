import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyContext, buildContext, inferWith } from '../shared/test-context';
import { createDcganGeneratorLayer } from './dcgan-generator.layer';
import { dcganGeneratorNode } from './dcgan-generator.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const params = {
  height: 28,
  width: 28,
  channels: 1,
  baseChannels: 4,
  kernel: 4,
  batchNorm: true,
  output: 'sigmoid',
};

describe('gan/dcgan-generator', () => {
  it('maps B x Z to B x 28 x 28 x 1 in (0, 1) with the stated parameter count', () => {
    const layer = createDcganGeneratorLayer(
      tf,
      params,
      buildContext({ z: tensorType('float32', ['B', 8]) }),
    );
    const out = layer.apply(
      { z: tf.randomNormal([3, 8], 0, 1, 'float32', 1) },
      applyContext(3),
    ).image;
    expect(out?.shape).toEqual([3, 28, 28, 1]);
    const v = out!.dataSync();
    expect(Math.min(...v)).toBeGreaterThan(0);
    expect(Math.max(...v)).toBeLessThan(1);
    const count = Object.values(layer.weights).reduce((s, w) => s + w.size, 0);
    // dense 8*(7*7*8) + 392, up1 4*4*4*8 + 4, up2 4*4*1*4 + 1, batch norm 2*8 + 2*4.
    expect(count).toBe(8 * 392 + 392 + 512 + 4 + 64 + 1 + 16 + 8);
  });

  it('gets gradients to every weight, and tanh output stays in (-1, 1)', () => {
    const layer = createDcganGeneratorLayer(
      tf,
      { ...params, output: 'tanh' },
      buildContext({ z: tensorType('float32', ['B', 8]) }),
    );
    const z = tf.randomNormal([2, 8], 0, 1, 'float32', 2);
    const { value, grads } = tf.variableGrads(
      () => tf.mean(tf.square(layer.apply({ z }, applyContext(2)).image!)) as tf.Scalar,
    );
    expect(value.dataSync()[0]).toBeLessThan(1);
    for (const w of Object.values(layer.weights)) expect(grads[w.name], w.name).toBeDefined();
  });

  it('infers shapes and reports bad sizes as diagnostics', () => {
    const ok = inferWith(dcganGeneratorNode, params, { z: tensorType('float32', ['B', 64]) });
    expect(ok.outputs['image']).toEqual(tensorType('float32', ['B', 28, 28, 1]));
    expect(ok.diagnostics).toEqual([]);
    const bad = inferWith(dcganGeneratorNode, { ...params, height: 30 }, {});
    expect(bad.diagnostics.map((d) => d.port)).toEqual(['z', undefined]);
    expect(bad.diagnostics[1]?.message).toContain('divisible by 4');
  });
});
