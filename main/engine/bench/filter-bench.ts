// Conv2DBackpropFilter formulations compared interleaved in one process, as ratios to the
// forward conv of the same shape: `node --import ./main/runtime/register.mjs main/engine/bench/filter-bench.ts`.
import type * as tfType from '@tensorflow/tfjs';
import { initBackend } from '../backend/select-backend';
import { filterMethod } from '../backend/wasm-kernels/conv2d-backprop-filter.kernel';
import { CONV_SHAPES } from './kernel-bench';
import { compareMs, median } from './timing';

const chunkArg = process.argv.find((a) => a.startsWith('--chunks='));
const chunks = chunkArg === undefined ? [] : chunkArg.slice(9).split(',').map(Number);
const methods = ['conv', 'auto', ...chunks.map((c) => `rows:${c}`)];
const { tf } = await initBackend({ backend: 'wasm' });
const rand = (shape: number[]): tfType.Tensor => tf.randomUniform(shape, -1, 1, 'float32', 7);
const ratios: Record<string, number[]> = {};
for (const c of CONV_SHAPES.filter((s) => s.ci > 4)) {
  const x = rand([c.n, c.h, c.w, c.ci]);
  const f = rand([c.k, c.k, c.ci, c.co]);
  const attrs = {
    strides: [c.s, c.s],
    pad: 'same',
    dataFormat: 'NHWC',
    dilations: [1, 1],
    dimRoundingMode: undefined,
  };
  const y = tf.engine().runKernel('Conv2D', { x, filter: f }, attrs as never) as tfType.Tensor;
  const dwAttrs = { ...attrs, filterShape: f.shape };
  const dw = (m: string) => (): tfType.Tensor => {
    const [name, chunk] = m.split(':');
    filterMethod.method = name as typeof filterMethod.method;
    filterMethod.chunk = chunk === undefined ? 1000 : Number(chunk);
    return tf
      .engine()
      .runKernel('Conv2DBackpropFilter', { x, dy: y }, dwAttrs as never) as tfType.Tensor;
  };
  const ref = dw('conv')();
  const errs = methods.map((m) => {
    const r = dw(m)();
    const e = tf.tidy(() => r.sub(ref).abs().max().div(ref.abs().max()).dataSync()[0] as number);
    r.dispose();
    return e;
  });
  ref.dispose();
  const ms = compareMs(
    [
      () => {
        tf.tidy(() => tf.engine().runKernel('Conv2D', { x, filter: f.add(0) }, attrs as never));
      },
      ...methods.map((m) => () => {
        dw(m)().dispose();
      }),
    ],
    21,
    20000,
  );
  const fwd = ms[0] as number;
  const line = methods.map((m, i) => {
    const r = fwd / (ms[i + 1] as number);
    (ratios[m] ??= []).push(r);
    return `${m} ${(ms[i + 1] as number).toFixed(1)}ms (${r.toFixed(2)}x, err ${(errs[i] as number).toExponential(0)})`;
  });
  console.log(`${c.name.padEnd(20)} fwd ${fwd.toFixed(1)}ms | ${line.join(' | ')}`);
  tf.dispose([x, f, y]);
}
filterMethod.method = 'auto';
filterMethod.chunk = 1000;
console.log(
  `median: ${methods.map((m) => `${m} ${median(ratios[m] ?? []).toFixed(2)}x`).join(', ')}`,
);
