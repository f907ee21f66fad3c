import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { gradientCheck } from '../../shared/gradient-check';
import { expectPassThrough, nodeFn, secondDerivative } from '../shared/activation-test-kit';
import { geluNode } from './gelu.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('activation/gelu', () => {
  it('keeps any shape, symbolic dims included', () => {
    expectPassThrough(geluNode);
    expectPassThrough(geluNode, { approximate: 'tanh' });
  });

  it("matches PyTorch's values, exact by default", async () => {
    expect(geluNode.params['approximate']?.default).toBe('none');
    // torch.nn.GELU()(torch.tensor([1., -1., 2., -3.]))
    const exact = (await nodeFn(tf, geluNode))(tf.tensor1d([1, -1, 2, -3])).dataSync();
    [0.8413447, -0.1586553, 1.9544997, -0.0040497].forEach((v, i) =>
      expect(exact[i]).toBeCloseTo(v, 5),
    );
    // torch.nn.GELU(approximate='tanh')(torch.tensor([1., -1., 2.]))
    const approx = (await nodeFn(tf, geluNode, { approximate: 'tanh' }))(tf.tensor1d([1, -1, 2]));
    [0.841192, -0.158808, 1.9545977].forEach((v, i) =>
      expect(approx.dataSync()[i]).toBeCloseTo(v, 5),
    );
  });

  for (const approximate of ['none', 'tanh']) {
    it(`has right first and second derivatives (approximate ${approximate})`, async () => {
      const f = await nodeFn(tf, geluNode, { approximate });
      const x = tf.tensor2d([-1.3, -0.4, 0.2, 0.9, 1.7, -2.2], [2, 3]);
      expect(gradientCheck(tf, (a) => tf.sum(tf.square(f(a))), x).maxError).toBeLessThan(1e-2);
      const { analytic, numeric } = secondDerivative(tf, f, [0.3, -0.8, 1.5]);
      expect(Math.abs(analytic - numeric)).toBeLessThan(1e-2 * Math.max(1, Math.abs(numeric)));
    });
  }
});
