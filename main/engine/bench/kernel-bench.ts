// Backprop kernels vs the forward conv of the same shape, and matmul with vs without
// transposes, on the active backend (wasm with Tessera's kernels).
import type * as tfType from '@tensorflow/tfjs';
import type { Tf } from '../parallel/step-program';
import { compareMs } from './timing';

export interface ConvShape {
  name: string;
  n: number;
  h: number;
  w: number;
  ci: number;
  co: number;
  k: number;
  s: number;
}

/** Shapes from the bench models (plus one wide layer); the first one has Ci = 1. */
export const CONV_SHAPES: ConvShape[] = [
  { name: 'dcgan D1 / G out', n: 64, h: 28, w: 28, ci: 1, co: 64, k: 5, s: 2 },
  { name: 'dcgan D2 / G t1', n: 64, h: 14, w: 14, ci: 64, co: 128, k: 5, s: 2 },
  { name: 'ae e2 / d2', n: 64, h: 14, w: 14, ci: 32, co: 64, k: 4, s: 2 },
  { name: 'ae d1 3x3/1', n: 64, h: 7, w: 7, ci: 64, co: 64, k: 3, s: 1 },
  { name: '3x3/1 wide', n: 16, h: 16, w: 16, ci: 64, co: 64, k: 3, s: 1 },
  { name: '3x3/2 ci32', n: 32, h: 15, w: 15, ci: 32, co: 64, k: 3, s: 2 },
  { name: 'ddpm 3x3 14x14', n: 32, h: 14, w: 14, ci: 32, co: 32, k: 3, s: 1 },
  { name: 'ddpm out 16->1', n: 32, h: 28, w: 28, ci: 16, co: 1, k: 3, s: 1 },
  { name: 'ddpm 1x1 48->16', n: 32, h: 28, w: 28, ci: 48, co: 16, k: 1, s: 1 },
];

export interface ConvRow {
  shape: ConvShape;
  gflop: number;
  /** Forward conv with a new filter tensor each call, as in training (weights change every step). */
  fwd: number;
  /** Forward conv reusing one filter (XNNPACK keeps its packed copy). */
  fwdCached: number;
  filter: number;
  input: number;
}

const rand = (tf: Tf, shape: number[]): tfType.Tensor =>
  tf.randomUniform(shape, -1, 1, 'float32', 7);

export function benchConvs(tf: Tf, shapes = CONV_SHAPES): ConvRow[] {
  const rows: ConvRow[] = [];
  for (const c of shapes) {
    const x = rand(tf, [c.n, c.h, c.w, c.ci]);
    const f = rand(tf, [c.k, c.k, c.ci, c.co]);
    const attrs = {
      strides: [c.s, c.s],
      pad: 'same',
      dataFormat: 'NHWC',
      dilations: [1, 1],
      dimRoundingMode: undefined,
    };
    const y = tf.engine().runKernel('Conv2D', { x, filter: f }, attrs as never) as tfType.Tensor;
    const flop = 2 * y.size * c.k * c.k * c.ci;
    const run = (name: string, inputs: Record<string, tfType.Tensor>, a: object) => () => {
      (tf.engine().runKernel(name, inputs, a as never) as tfType.Tensor).dispose();
    };
    const freshFwd = () => {
      tf.tidy(() => tf.engine().runKernel('Conv2D', { x, filter: f.add(0) }, attrs as never));
    };
    const [fwd, fwdCached, filter, input] = compareMs([
      freshFwd,
      run('Conv2D', { x, filter: f }, attrs),
      run('Conv2DBackpropFilter', { x, dy: y }, { ...attrs, filterShape: f.shape }),
      run('Conv2DBackpropInput', { dy: y, filter: f }, { ...attrs, inputShape: x.shape }),
    ]) as [number, number, number, number];
    const rate = (ms: number): number => flop / ms / 1e6;
    rows.push({
      shape: c,
      gflop: flop / 1e9,
      fwd: rate(fwd),
      fwdCached: rate(fwdCached),
      filter: rate(filter),
      input: rate(input),
    });
    tf.dispose([x, f, y]);
  }
  return rows;
}

export interface MatMulRow {
  m: number;
  k: number;
  n: number;
  cached: number;
  plain: number;
  ta: number;
  tb: number;
  batched: number;
}

/**
 * GFLOP/s of [m,k]x[k,n]: `cached` reuses one b (XNNPACK keeps its packed copy), `plain` gets a
 * new b each call as in training (weights change every step), then transposeA, transposeB
 * (also new inputs each call), and 8 batches of [m/8,k]x[k,n/8] with batched a and b.
 */
export function benchMatMuls(
  tf: Tf,
  sizes: [number, number, number][] = [
    [512, 512, 512],
    [1024, 256, 128],
    [64, 6272, 128],
  ],
): MatMulRow[] {
  return sizes.map(([m, k, n]) => {
    const a = rand(tf, [m, k]),
      at = rand(tf, [k, m]),
      b = rand(tf, [k, n]),
      bt = rand(tf, [n, k]);
    const a3 = rand(tf, [8, m / 8, k]),
      b3 = rand(tf, [8, k, n / 8]);
    const flop = 2 * m * n * k;
    const fresh = (t: tfType.Tensor, f: (u: tfType.Tensor) => tfType.Tensor) => () => {
      tf.tidy(() => f(t.add(0))); // a new tensor id each call, as after an optimizer update
    };
    const ms = compareMs([
      () => tf.matMul(a, b).dispose(),
      fresh(b, (u) => tf.matMul(a, u)),
      fresh(b, (u) => tf.matMul(at, u, true, false)),
      fresh(bt, (u) => tf.matMul(a, u, false, true)),
      fresh(b3, (u) => tf.matMul(a3, u)),
    ]);
    const r = (i: number, fl = flop): number => fl / (ms[i] as number) / 1e6;
    const row = { m, k, n, cached: r(0), plain: r(1), ta: r(2), tb: r(3), batched: r(4, flop / 8) };
    tf.dispose([a, at, b, bt, a3, b3]);
    return row;
  });
}

export interface DepthwiseRow {
  name: string;
  gflop: number;
  fwd: number;
  filter: number;
  input: number;
}

/** Depthwise 3x3 backprops (native kernels, depthwise-backprop.kernel.ts) vs the XNNPACK depthwise forward. */
export function benchDepthwise(tf: Tf): DepthwiseRow[] {
  return [
    { name: 'depthwise 3x3/1 64x14x14x64', n: 64, h: 14, c: 64, k: 3, s: 1 },
    { name: 'depthwise 3x3/2 32x16x16x32', n: 32, h: 16, c: 32, k: 3, s: 2 },
  ].map((c) => {
    const x = rand(tf, [c.n, c.h, c.h, c.c]);
    const f = rand(tf, [c.k, c.k, c.c, 1]);
    const attrs = {
      strides: [c.s, c.s],
      pad: 'same',
      dataFormat: 'NHWC',
      dilations: [1, 1],
      dimRoundingMode: undefined,
    };
    const y = tf
      .engine()
      .runKernel('DepthwiseConv2dNative', { x, filter: f }, attrs as never) as tfType.Tensor;
    const flop = 2 * y.size * c.k * c.k;
    const run = (name: string, inputs: Record<string, tfType.Tensor>, a: object) => () => {
      (tf.engine().runKernel(name, inputs, a as never) as tfType.Tensor).dispose();
    };
    const [fwd, filter, input] = compareMs([
      run('DepthwiseConv2dNative', { x, filter: f }, attrs),
      run('DepthwiseConv2dNativeBackpropFilter', { x, dy: y }, { ...attrs, filterShape: f.shape }),
      run(
        'DepthwiseConv2dNativeBackpropInput',
        { dy: y, filter: f },
        { ...attrs, inputShape: x.shape },
      ),
    ]) as [number, number, number];
    tf.dispose([x, f, y]);
    return {
      name: c.name,
      gflop: flop / 1e9,
      fwd: flop / fwd / 1e6,
      filter: flop / filter / 1e6,
      input: flop / input / 1e6,
    };
  });
}
