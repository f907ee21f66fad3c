// Shared pieces of the benchmark models: seeded initialisers, synthetic data, shard slicing.
import type * as tfType from '@tensorflow/tfjs';
import type { ShardContext, Tf } from '../../parallel/step-program';

let instance = 0;

/** Variable factory with names unique in this process (tfjs requires unique names). */
export function variableFactory(tf: Tf, prefix: string, seed: number) {
  const id = `${prefix}${instance++}`;
  let n = 0;
  return {
    glorot(name: string, shape: number[], fanIn: number, fanOut: number): tfType.Variable {
      const lim = Math.sqrt(6 / (fanIn + fanOut));
      const init = tf.randomUniform(shape, -lim, lim, 'float32', seed * 1000 + n++);
      const v = tf.variable(init, true, `${id}/${name}`);
      init.dispose();
      return v;
    },
    constant(name: string, shape: number[], value: number): tfType.Variable {
      const init = tf.fill(shape, value);
      const v = tf.variable(init, true, `${id}/${name}`);
      init.dispose();
      return v;
    },
  };
}

/** A deterministic float in [0, 1) from two integers (for per-example synthetic data). */
export function hash01(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return (h >>> 0) / 4294967296;
}

/** Examples [begin, end) of this shard of a batch. */
export function shardRange(batch: number, ctx: ShardContext): [number, number] {
  if (batch % ctx.shards !== 0)
    throw new Error(`Batch ${batch} does not split into ${ctx.shards} equal shards`);
  const per = batch / ctx.shards;
  return [ctx.shard * per, (ctx.shard + 1) * per];
}

/** Synthetic 28x28x1 images in [0, 1]: two soft blobs per example, fixed by (step, example). */
export function blobImages(
  tf: Tf,
  step: number,
  begin: number,
  end: number,
  size = 28,
): tfType.Tensor4D {
  const n = end - begin;
  const data = new Float32Array(n * size * size);
  for (let e = 0; e < n; e++) {
    const ex = begin + e;
    const blobs = [0, 1].map((k) => ({
      cy: 4 + hash01(step, ex * 8 + k * 4) * (size - 8),
      cx: 4 + hash01(step, ex * 8 + k * 4 + 1) * (size - 8),
      s: 2 + hash01(step, ex * 8 + k * 4 + 2) * 3,
    }));
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        let v = 0;
        for (const b of blobs)
          v += Math.exp(-((y - b.cy) ** 2 + (x - b.cx) ** 2) / (2 * b.s * b.s));
        data[(e * size + y) * size + x] = Math.min(1, v);
      }
    }
  }
  return tf.tensor4d(data, [n, size, size, 1]);
}

/** Seeded standard normal noise for (step, examples [begin, end)), the same on any shard split. */
export function noise(
  tf: Tf,
  step: number,
  begin: number,
  end: number,
  dim: number,
  salt: number,
): tfType.Tensor2D {
  const n = end - begin;
  const data = new Float32Array(n * dim);
  for (let e = 0; e < n; e++) {
    for (let j = 0; j < dim; j++) {
      const u1 = Math.max(1e-7, hash01(step * 7919 + salt, (begin + e) * dim * 2 + j * 2));
      const u2 = hash01(step * 7919 + salt, (begin + e) * dim * 2 + j * 2 + 1);
      data[e * dim + j] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
  }
  return tf.tensor2d(data, [n, dim]);
}

/** Identity forward, zero gradient (tfjs has no tf.stopGradient). */
export function stopGradient(tf: Tf, x: tfType.Tensor): tfType.Tensor {
  const f = tf.customGrad((...args: (tfType.Tensor | tfType.GradSaveFunc)[]) => {
    const a = args[0] as tfType.Tensor;
    return {
      value: a.clone(),
      gradFunc: (dy: tfType.Tensor | tfType.Tensor[]) => tf.zerosLike(dy as tfType.Tensor),
    };
  });
  return f(x);
}
