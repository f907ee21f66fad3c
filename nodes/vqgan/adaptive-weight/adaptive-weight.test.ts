import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyContext, buildContext, inferWith } from '../../attention/test-context';
import { adaptiveWeightNode } from './adaptive-weight.node';
import { createAdaptiveWeight, type AdaptiveWeightParams } from './adaptive-weight.layer';
import { convKernelGradNorm } from './last-layer-grad';

const base: AdaptiveWeightParams = {
  outChannels: 2,
  kernel: 3,
  inputActivation: 'relu',
  outActivation: 'sigmoid',
  discStart: 0,
  discWeight: 1,
  maxWeight: 1e4,
  eps: 1e-4,
};

const norm = (t: tf.Tensor): number => tf.sqrt(tf.sum(tf.square(t))).dataSync()[0]!;

describe('vqgan/adaptive-weight', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('infers image shapes and rejects even kernels', () => {
    const r = inferWith(
      adaptiveWeightNode,
      { ...base },
      { features: tensorType('float32', ['B', 28, 28, 16]) },
    );
    expect(r.outputs['image']).toEqual(tensorType('float32', ['B', 28, 28, 2]));
    expect(r.outputs['imageForDisc']).toEqual(tensorType('float32', ['B', 28, 28, 2]));
    const even = inferWith(
      adaptiveWeightNode,
      { ...base, kernel: 4 },
      { features: tensorType('float32', ['B', 28, 28, 16]) },
    );
    expect(even.diagnostics[0]?.message).toMatch(/odd/);
  });

  it('convKernelGradNorm equals the norm of tf.grad of a conv kernel', () => {
    const x = tf.randomNormal([2, 5, 4, 3], 0, 1, 'float32', 1);
    const dz = tf.randomNormal([2, 5, 4, 2], 0, 1, 'float32', 2);
    const w0 = tf.randomNormal([3, 3, 3, 2], 0, 1, 'float32', 3);
    const g = tf.grad((w: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'), dz)),
    )(w0);
    expect(convKernelGradNorm(tf, x, dz, 3).dataSync()[0]).toBeCloseTo(norm(g), 4);
  });

  it('eq. 7 in one backward pass: lambda = ||dLrec/dW|| / (||dLgan/dW|| + eps), and the gradient is grad Lrec + lambda grad Lgan', () => {
    const layer = createAdaptiveWeight(
      tf,
      base,
      buildContext({ features: ['float32', [2, 4, 4, 3]] }),
    );
    const features = tf.variable(tf.randomNormal([2, 4, 4, 3], 0, 1, 'float32', 5));
    const target = tf.randomUniform([2, 4, 4, 2], 0, 1, 'float32', 6);
    const dWeights = tf.randomNormal([1, 4, 4, 2], 0, 1, 'float32', 7);
    const rec = (img: tf.Tensor): tf.Scalar => tf.mean(tf.square(tf.sub(img, target)));
    const gan = (img: tf.Tensor): tf.Scalar => tf.neg(tf.mean(tf.mul(img, dWeights))) as tf.Scalar; // -D(x) for a linear D
    const run = (step: number) => {
      const out = layer.apply({ features }, applyContext({ step }));
      return { rec: rec(out['image']!), gan: gan(out['imageForDisc']!) };
    };
    const kernel = layer.weights['kernel']!;
    const vars = [kernel, features];
    // Reference: the two gradients separately, as PyTorch's autograd.grad(loss, last_layer) would give.
    const gRec = tf.variableGrads(() => run(0).rec, vars).grads;
    const gGan = tf.variableGrads(() => run(0).gan, vars).grads;
    const lamRef = norm(gRec[kernel.name]!) / (norm(gGan[kernel.name]!) + 1e-4);
    expect(lamRef).toBeGreaterThan(0.01);
    // The node: rec + gan summed, one backward pass.
    const total = tf.variableGrads(() => {
      const { rec: r, gan: g } = run(10);
      return tf.add(r, g) as tf.Scalar;
    }, vars).grads;
    const lam = layer.state!['lambda']!.dataSync()[0]!;
    expect(lam).toBeCloseTo(lamRef, 4);
    for (const v of vars) {
      const expected = tf.add(gRec[v.name]!, tf.mul(gGan[v.name]!, lamRef));
      const err = norm(tf.sub(total[v.name]!, expected)) / norm(expected);
      expect(err).toBeLessThan(1e-4);
    }
    // The `lambda` output reports it on the next apply.
    expect(
      layer.apply({ features }, applyContext({ step: 11 }))['lambda']!.dataSync()[0],
    ).toBeCloseTo(lamRef, 4);
  });

  it('before discStart the GAN gradient is zero; discWeight scales lambda; no tensors leak', () => {
    const layer = createAdaptiveWeight(
      tf,
      { ...base, discStart: 5, discWeight: 0.5 },
      buildContext({ features: ['float32', [1, 3, 3, 2]] }),
    );
    const features = tf.variable(tf.randomNormal([1, 3, 3, 2], 0, 1, 'float32', 8));
    const f = (step: number) => () => {
      const out = layer.apply({ features }, applyContext({ step }));
      return tf.add(
        tf.mean(tf.square(out['image']!)),
        tf.neg(tf.mean(out['imageForDisc']!)),
      ) as tf.Scalar;
    };
    const onlyRec = tf.variableGrads(
      () => tf.mean(tf.square(layer.apply({ features }, applyContext())['image']!)) as tf.Scalar,
      [features],
    ).grads;
    const before = tf.variableGrads(f(4), [features]).grads;
    expect(norm(tf.sub(before[features.name]!, onlyRec[features.name]!))).toBeLessThan(1e-7);
    expect(layer.state!['lambda']!.dataSync()[0]).toBe(0);
    tf.variableGrads(f(5), [features]);
    const withHalf = layer.state!['lambda']!.dataSync()[0]!;
    const full = createAdaptiveWeight(
      tf,
      { ...base, discStart: 5 },
      buildContext({ features: ['float32', [1, 3, 3, 2]] }),
    );
    for (const [k, v] of Object.entries(full.weights)) v.assign(layer.weights[k]!);
    tf.variableGrads(() => {
      const out = full.apply({ features }, applyContext({ step: 5 }));
      return tf.add(
        tf.mean(tf.square(out['image']!)),
        tf.neg(tf.mean(out['imageForDisc']!)),
      ) as tf.Scalar;
    }, [features]);
    expect(withHalf).toBeCloseTo(0.5 * full.state!['lambda']!.dataSync()[0]!, 5);
    // A training step in tidy keeps the tensor count flat.
    const opt = tf.train.sgd(0.01);
    const step = () =>
      tf.tidy(() => {
        opt.minimize(f(6), false, [features, ...Object.values(layer.weights)]);
      });
    step();
    const n = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(n);
  });
});
