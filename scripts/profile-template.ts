// Per-kernel time and calls of one training step of the bench's templates on wasm:
// `node --import ./main/runtime/register.mjs scripts/profile-template.ts char-gpt,ddpm [--shapes=BatchMatMul]`
// (names from main/engine/bench/models-bench.ts; --shapes splits one kernel's calls by input shapes).
import { initBackend } from '../main/engine/backend/select-backend';
import { MODEL_SPECS } from '../main/engine/bench/models-bench';
import type { ModelName } from '../main/engine/bench/models-report';
import { profileTemplateStep } from '../main/engine/bench/template-step';

const names = (process.argv[2] ?? 'char-gpt').split(',') as ModelName[];
const shapes = process.argv.find((a) => a.startsWith('--shapes='))?.slice(9);
const { tf } = await initBackend({ backend: 'wasm' });
tf.env().set('PROD', true);
for (const name of names) {
  const spec = MODEL_SPECS[name];
  if (spec === undefined) {
    console.error(`no such model: ${name} (one of ${Object.keys(MODEL_SPECS).join(', ')})`);
    process.exit(2);
  }
  const p = await profileTemplateStep(tf, spec, 3, shapes);
  const total = p.kernels.reduce((s, k) => s + k.ms, 0);
  const calls = p.kernels.reduce((s, k) => s + k.calls, 0);
  console.log(
    `${name}: ${p.wallMs.toFixed(0)} ms wall (profiled step), kernels ${total.toFixed(0)} ms in ${calls} calls`,
  );
  for (const k of p.kernels.slice(0, 30))
    console.log(
      `  ${k.kernel.padEnd(50)} ${k.ms.toFixed(1).padStart(8)} ms ${String(k.calls).padStart(6)}`,
    );
}
process.exit(0);
