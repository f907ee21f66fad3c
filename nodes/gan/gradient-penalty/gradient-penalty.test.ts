// Checks the WGAN-GP penalty's second-order gradients against finite differences, for every
// activation the critic offers, and that the check catches tfjs's wrong tanh second derivative.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tensorType } from '../../../core/shapes/tensor-type';
import { createDcganDiscriminatorLayer } from '../dcgan-discriminator/dcgan-discriminator.layer';
import { dcganDiscriminatorNode } from '../dcgan-discriminator/dcgan-discriminator.node';
import { applyContext, buildContext, inferWith } from '../shared/test-context';
import { createGradientPenaltyLayer, gradientPenalty } from './gradient-penalty.layer';
import { gradientPenaltyNode } from './gradient-penalty.node';
import type { Tensor, Variable } from '../../../core/node-contract/node-definition';
import { initBackend } from '../../../main/engine/backend/select-backend';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const H = 8;
const imgType = tensorType('float32', [4, H, H, 1]);

const makeCritic = (activation: string) =>
  createDcganDiscriminatorLayer(
    tf,
    {
      baseChannels: 3,
      kernel: 3,
      activation,
      leak: 0.2,
      init: 'glorot',
      batchNorm: false,
      outputSigmoid: false,
    },
    buildContext({ image: imgType }, 11),
  );

/** Analytic d(penalty)/d(w) for a few entries of every weight vs central differences. */
const compare = (critic: (x: Tensor) => Tensor, weights: Record<string, Variable>) => {
  const real = tf.randomUniform([4, H, H, 1], 0, 1, 'float32', 1);
  const fake = tf.randomUniform([4, H, H, 1], 0, 1, 'float32', 2);
  const eps = tf.tensor4d([0.1, 0.4, 0.6, 0.9], [4, 1, 1, 1]);
  const loss = () => gradientPenalty(tf, critic, real, fake, eps, 10).penalty as tf.Scalar;
  const vars = Object.values(weights);
  const { grads } = tf.variableGrads(loss, vars);
  const rows: { name: string; analytic: number; numeric: number }[] = [];
  for (const [name, v] of Object.entries(weights)) {
    // A weight the penalty does not depend on (the last bias: ∇x D ignores it) gets no gradient;
    // its finite difference must then be zero too.
    const gv = grads[v.name]?.dataSync() ?? new Float32Array(v.size);
    // The two entries with the largest analytic gradient (a clear signal above float32 noise).
    const idx = [...gv.keys()]
      .sort((a, b) => Math.abs(gv[b] ?? 0) - Math.abs(gv[a] ?? 0))
      .slice(0, 2);
    for (const i of idx) {
      const h = 1e-3;
      const orig = v.dataSync().slice();
      const at = (d: number): number => {
        const w = orig.slice();
        w[i] = (w[i] ?? 0) + d;
        v.assign(tf.tensor(w, v.shape));
        return tf.tidy(() => loss().dataSync()[0] ?? NaN);
      };
      const numeric = (at(h) - at(-h)) / (2 * h);
      v.assign(tf.tensor(orig, v.shape));
      rows.push({ name: `${name}[${i}]`, analytic: gv[i] ?? NaN, numeric });
    }
  }
  return rows;
};

const relErr = (r: { analytic: number; numeric: number }) =>
  Math.abs(r.analytic - r.numeric) / Math.max(Math.abs(r.numeric), Math.abs(r.analytic), 1e-2);

describe('gan/gradient-penalty', () => {
  for (const activation of ['relu', 'leaky-relu', 'softplus']) {
    it(`second-order gradients through a ${activation} critic match finite differences`, () => {
      const critic = makeCritic(activation);
      const rows = compare(
        (x) => critic.apply({ image: x }, applyContext(4)).score as Tensor,
        critic.weights,
      );
      expect(rows.length).toBe(11); // 2 entries of each weight, 1 of the 1-element dense bias
      // Every W entry carries signal; in a piecewise-linear (relu) critic ∇x D does not depend on the
      // biases, so their gradients are exactly 0 both ways.
      expect(rows.filter((r) => Math.abs(r.numeric) > 0.5).length).toBeGreaterThanOrEqual(6);
      for (const r of rows)
        expect(relErr(r), `${r.name}: ${r.analytic} vs ${r.numeric}`).toBeLessThan(0.02);
    });
  }

  it('second-order gradients also match on wasm with Tessera training kernels (leaky-relu critic)', async () => {
    await initBackend({ backend: 'wasm' });
    try {
      const critic = makeCritic('leaky-relu');
      const rows = compare(
        (x) => critic.apply({ image: x }, applyContext(4)).score as Tensor,
        critic.weights,
      );
      for (const r of rows)
        expect(relErr(r), `${r.name}: ${r.analytic} vs ${r.numeric}`).toBeLessThan(0.02);
    } finally {
      await tf.setBackend('cpu');
    }
  });

  it('the same check flags tanh, whose second derivative tfjs gets wrong', () => {
    const w = tf.variable(tf.tensor2d([[0.7], [-0.4], [0.3], [0.5]]));
    const rows = compare(
      (x) => tf.tanh(tf.matMul(tf.reshape(x, [4, H * H]).slice([0, 0], [4, 4]), w)),
      { w },
    );
    expect(Math.max(...rows.map(relErr))).toBeGreaterThan(0.05);
  });

  it('is near zero for a critic with unit gradient norm, and λ·(‖g‖−1)² for a linear critic', () => {
    // D(x) = a · sum(x): ‖∇D‖ = |a| · sqrt(HW) exactly.
    const n = H * H;
    const real = tf.zeros([4, H, H, 1]);
    const fake = tf.ones([4, H, H, 1]);
    const eps = tf.fill([4, 1, 1, 1], 0.5);
    const unit = gradientPenalty(
      tf,
      (x) => tf.mul(1 / Math.sqrt(n), tf.sum(x, [1, 2, 3])),
      real,
      fake,
      eps,
      10,
    );
    expect(unit.penalty.dataSync()[0]).toBeLessThan(1e-6);
    expect(unit.gradNorm.dataSync()[0]).toBeCloseTo(1, 5);
    const twice = gradientPenalty(
      tf,
      (x) => tf.mul(2 / Math.sqrt(n), tf.sum(x, [1, 2, 3])),
      real,
      fake,
      eps,
      10,
    );
    expect(twice.penalty.dataSync()[0]).toBeCloseTo(10, 4);
  });

  it('calls the critic through a model handle and resolves its ports from the type', () => {
    const critic = makeCritic('relu');
    const handleType = {
      kind: 'model',
      moduleId: 'critic',
      inputs: { image: imgType },
      outputs: { score: tensorType('float32', [4, 1]) },
    } as const;
    const layer = createGradientPenaltyLayer(
      tf,
      { lambda: 10, criticInput: '', criticOutput: '' },
      buildContext({ critic: handleType, real: imgType, fake: imgType }),
    );
    let calls = 0;
    const ctx = applyContext(4, 3, {
      critic: { moduleId: 'critic', call: (inputs, c) => (calls++, critic.apply(inputs, c)) },
    });
    const out = layer.apply(
      { real: tf.randomUniform([4, H, H, 1]), fake: tf.randomUniform([4, H, H, 1]) },
      ctx,
    );
    expect(calls).toBe(1);
    expect(out['penalty']?.shape).toEqual([]);
    expect(out['penalty']?.dataSync()[0]).toBeGreaterThan(0);
    expect(out['gradNorm']?.dataSync()[0]).toBeGreaterThan(0);
  });

  it('reports missing or mismatched inputs as diagnostics', () => {
    const r = inferWith(
      gradientPenaltyNode,
      { lambda: 10, criticInput: '', criticOutput: '' },
      { real: imgType, fake: tensorType('float32', [4, 14, 14, 1]) },
    );
    expect(r.diagnostics.map((d) => d.port)).toEqual(['critic', 'fake']);
    expect(r.diagnostics[1]?.message).toContain('8 x 8 x 1');
    const twoIn = inferWith(
      gradientPenaltyNode,
      { lambda: 10, criticInput: '', criticOutput: '' },
      {
        critic: {
          kind: 'model',
          moduleId: 'm',
          inputs: { a: imgType, b: imgType },
          outputs: { s: imgType },
        },
        real: imgType,
        fake: imgType,
      },
    );
    expect(twoIn.diagnostics[0]?.message).toContain('name one');
    expect(dcganDiscriminatorNode.id).toBe('gan/dcgan-discriminator');
  });
});
