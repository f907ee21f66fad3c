import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyContext, inferWith } from '../shared/test-context';
import { createWassersteinLossLayer } from './wasserstein-loss.layer';
import { wassersteinLossNode } from './wasserstein-loss.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('gan/wasserstein-loss', () => {
  it('gives critic loss, generator loss and the Wasserstein estimate', () => {
    const out = createWassersteinLossLayer(tf).apply(
      { real: tf.tensor2d([3, 1], [2, 1]), fake: tf.tensor2d([-1, 0], [2, 1]) },
      applyContext(2),
    );
    expect(out['wasserstein']!.dataSync()[0]).toBeCloseTo(2 - -0.5, 6);
    expect(out['criticLoss']!.dataSync()[0]).toBeCloseTo(-2.5, 6);
    expect(out['generatorLoss']!.dataSync()[0]).toBeCloseTo(0.5, 6);
  });

  it('needs both inputs (diagnostic) and outputs scalars', () => {
    const r = inferWith(wassersteinLossNode, {}, { real: tensorType('float32', ['B', 1]) });
    expect(r.diagnostics.map((d) => d.port)).toEqual(['fake']);
    expect(r.outputs['wasserstein']).toEqual(tensorType('float32', []));
  });
});
