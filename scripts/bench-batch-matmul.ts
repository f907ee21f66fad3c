// `node --import ./main/runtime/register.mjs scripts/bench-batch-matmul.ts`: batched matmuls of
// the templates' attention (ddpm's 7x7 SpatialTransformer: 32 images x 4 heads, 49 positions,
// 16 per head, 7 caption tokens; char-gpt: 12 x 4 heads, context 64, 32 per head) on wasm with
// Tessera's BatchMatMul as it is and with its earlier settings (stock scalar loop below 256k
// FLOPs per batch entry, no aligned copy of a), interleaved in one process.
import os from 'node:os';
import type * as tfType from '@tensorflow/tfjs';
import { initBackend } from '../main/engine/backend/select-backend';
import { batchMatMulOptions } from '../main/engine/backend/wasm-kernels/batch-mat-mul.kernel';
import { compareMs } from '../main/engine/bench/timing';

const { tf } = await initBackend({ backend: 'wasm', threads: 1 });
const now = { ...batchMatMulOptions };
const before = { smallBatchFlops: 256 * 1024, alignRows: false };
const mm = (x: tfType.Tensor, y: tfType.Tensor, ta: boolean, tb: boolean): tfType.Tensor =>
  tf
    .engine()
    .runKernel('BatchMatMul', { a: x, b: y }, { transposeA: ta, transposeB: tb }) as tfType.Tensor;
const shapes: [string, number, number, number, number, boolean, boolean][] = [
  ['ddpm attn P V', 128, 49, 49, 16, false, false],
  ['ddpm attn Q K^T', 128, 49, 16, 49, false, true],
  ['ddpm attn dV = P^T dO', 128, 49, 49, 16, true, false],
  ['ddpm cross P V', 128, 49, 7, 16, false, false],
  ['ddpm cross Q K^T', 128, 49, 16, 7, false, true],
  ['ddpm cross dV', 128, 7, 49, 16, true, false],
  ['gpt P V', 48, 64, 64, 32, false, false],
  ['gpt Q K^T', 48, 64, 32, 64, false, true],
  ['tiny 8x8x16', 384, 8, 8, 16, false, false],
];
console.log(
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
for (const [name, b, m, k, n, ta, tb] of shapes) {
  const x = tf.randomUniform(ta ? [b, k, m] : [b, m, k]);
  const y = tf.randomUniform(tb ? [b, n, k] : [b, k, n]);
  const run = (o: typeof now) => (): void => {
    Object.assign(batchMatMulOptions, o);
    mm(x, y, ta, tb).dispose();
  };
  const [a, c] = compareMs([run(now), run(before)], 15, 20000) as [number, number];
  Object.assign(batchMatMulOptions, now);
  console.log(
    `${name.padEnd(22)} [${b}] ${m}x${k}x${n}${ta ? ' ta' : ''}${tb ? ' tb' : ''}: now ${a.toFixed(2)} ms, before ${c.toFixed(2)} ms (${(c / a).toFixed(2)}x)`,
  );
  tf.dispose([x, y]);
}
