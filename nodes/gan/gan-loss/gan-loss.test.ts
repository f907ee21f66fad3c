import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyContext, inferWith } from '../shared/test-context';
import { createGanLossLayer } from './gan-loss.layer';
import { ganLossNode } from './gan-loss.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const sig = (t: number) => 1 / (1 + Math.exp(-t));
const real = [2, -1];
const fake = [0.5, -3];
const run = (mode: string) => {
  const out = createGanLossLayer(tf, { mode, generatorWeight: 1 }).apply(
    { real: tf.tensor2d(real, [2, 1]), fake: tf.tensor2d(fake, [2, 1]) },
    applyContext(2),
  );
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.dataSync()[0]!]));
};

describe('gan/gan-loss', () => {
  it('non-saturating: cross-entropy for D, -log D(G(z)) for G, accuracy at logit 0', () => {
    const o = run('non-saturating');
    const dRef =
      (-Math.log(sig(2)) - Math.log(sig(-1))) / 2 +
      (-Math.log(1 - sig(0.5)) - Math.log(1 - sig(-3))) / 2;
    expect(o['discriminatorLoss']).toBeCloseTo(dRef, 5);
    expect(o['generatorLoss']).toBeCloseTo((-Math.log(sig(0.5)) - Math.log(sig(-3))) / 2, 5);
    expect(o['accuracy']).toBeCloseTo(2 / 4, 6); // real 2 right, -1 wrong; fake 0.5 wrong, -3 right
  });

  it('hinge: mean of relu(1 - D(x)) and relu(1 + D(G(z))); G = -mean D(G(z))', () => {
    const o = run('hinge');
    expect(o['discriminatorLoss']).toBeCloseTo(0.5 * ((0 + 2) / 2 + (1.5 + 0) / 2), 6);
    expect(o['generatorLoss']).toBeCloseTo(1.25, 6);
  });

  it('without real scores gives only the generator loss; diagnostics for bad shapes', () => {
    const out = createGanLossLayer(tf, { mode: 'non-saturating', generatorWeight: 2 }).apply(
      { fake: tf.zeros([3, 1]) },
      applyContext(3),
    );
    expect(Object.keys(out)).toEqual(['generatorLoss']);
    expect(out['generatorLoss']!.dataSync()[0]).toBeCloseTo(2 * Math.log(2), 5);
    const r = inferWith(
      ganLossNode,
      { mode: 'hinge', generatorWeight: 1 },
      { fake: tensorType('float32', ['B', 10]) },
    );
    expect(r.diagnostics[0]?.message).toContain('B x 1');
  });
});
