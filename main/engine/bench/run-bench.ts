// `npm run bench` (`-- --quick`: fewer steps; `-- --kernels`: sections 1-2 only; `-- --dw=conv`: the conv-trick dW only;
// `-- --dcgan-primitives`: section 4 only, `-- --unet`: section 5 only (the ddpm UNet step vs PyTorch), `-- --profile` adds its per-kernel table, `-- --steps=N` measures N steps each;
// `-- --models`: section 6 only (the shipped conv-autoencoder, dcgan, char-gpt and ddpm templates vs their PyTorch peers;
// `--models=dcgan,char-gpt` some of them, `--workers=N` Tessera on N data-parallel workers, `--json FILE` writes its report);
// `-- --threads=N`: the wasm backend on N XNNPACK threads (default: the app's, one per core up to 4)): Tessera's training backend, side by side in one process. Prints ratios:
// backprop kernels vs the forward conv of the same shape, matmul with vs without
// transposes, and autoencoder / DCGAN steps on wasm (1 and 2 workers) vs cpu vs PyTorch.
import os from 'node:os';
import { initBackend } from '../backend/select-backend';
import { defaultWasmThreads } from '../backend/wasm-threads';
import { filterMethod } from '../backend/wasm-kernels/conv2d-backprop-filter.kernel';
import { benchConvs, benchDepthwise, benchMatMuls } from './kernel-bench';
import { modelFile, runTorchPeer, timeInProcess, timeParallel, type StepTime } from './model-bench';
import { autoencoderFlops, autoencoderStep } from './models/conv-autoencoder.model';
import { dcganFlops, dcganStep } from './models/dcgan.model';
import { modelsSection } from './models-bench';
import { parseModelsArgs, type ModelsOptions } from './models-report';
import { median } from './timing';
import { benchDcganPrimitives, profileDcganPrimitives } from './template-bench';
import { unetSection } from './unet-bench';

const quick = process.argv.includes('--quick');
const kernelsOnly = process.argv.includes('--kernels'); // sections 1-2 only
const primitivesOnly = process.argv.includes('--dcgan-primitives'); // section 4 only
const unetOnly = process.argv.includes('--unet'); // section 5 only
const profile = process.argv.includes('--profile'); // with section 4: kernel ms of one step each
let modelsOpts: ModelsOptions;
try {
  modelsOpts = parseModelsArgs(process.argv.slice(2));
} catch (e) {
  console.error(`npm run bench: ${(e as Error).message}`);
  process.exit(2);
}
const noModels = (): void => {
  if (modelsOpts.json)
    console.log(
      `--json ${modelsOpts.json}: not written (the models section did not run; drop the section flag or add --models)`,
    );
};
// --dw=conv|rows forces one Conv2DBackpropFilter formulation for Ci > 4 (default: auto).
const dwArg = process.argv.find((a) => a.startsWith('--dw='))?.slice(5);
if (dwArg === 'conv' || dwArg === 'rows') filterMethod.method = dwArg;
const f1 = (x: number): string => x.toFixed(1);
const f2 = (x: number): string => x.toFixed(2);
const ms = (t: StepTime): string =>
  `${t.wall.toFixed(0)} ms wall, ${t.thread.toFixed(0)} ms busiest-thread CPU`;
const load = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const t0 = performance.now();

// The app's thread count unless --threads=N (data-parallel workers run one thread each).
const threads = modelsOpts.threads ?? defaultWasmThreads();
const { tf, info } = await initBackend({ backend: 'wasm', threads });
tf.env().set('PROD', true); // no "install tfjs-node" banner when the cpu reference runs
console.log(
  `Tessera engine bench: node ${process.version}, tfjs ${tf.version.tfjs}, backend ${info.name} (${info.reason})`,
);
console.log(
  `CPU: ${os.cpus()[0]?.model ?? '?'} x${os.availableParallelism()}; load average ${load()}`,
);
console.log(
  'Timings are medians, interleaved where compared; other processes share the cores, so read ratios.\n',
);

/** Section 4: the DCGAN template from primitives vs the legacy blocks, through the app's Trainer. */
const primitivesSection = async (): Promise<void> => {
  const warmup = 2,
    stepsArg = Number(process.argv.find((a) => a.startsWith('--steps='))?.slice(8)),
    steps = stepsArg > 0 ? stepsArg : quick ? 5 : 10;
  console.log(
    `4. DCGAN template from primitive nodes vs the legacy blocks (same model), batch 64, Trainer D+G steps,`,
  );
  console.log(
    `   ${warmup} warm-up then ${steps} measured steps each, interleaved A B A B (median ms)`,
  );
  const r = await benchDcganPrimitives(tf, 64, warmup, steps);
  console.log(
    `   primitives ${r.primitivesMs.toFixed(0)} ms = ${f2(r.primitivesPerS)} steps/s; legacy blocks ${r.legacyMs.toFixed(0)} ms = ${f2(r.legacyPerS)} steps/s; primitives/legacy ${f2(r.ratio)} (goal >= 0.95)`,
  );
  if (!profile) return;
  console.log('   kernel ms in one step (tf.profile), primitives vs legacy, calls:');
  for (const k of (await profileDcganPrimitives(tf, 64)).slice(0, 25))
    console.log(
      `   ${k.kernel.padEnd(28)} ${f1(k.primitives).padStart(7)} ${f1(k.legacy).padStart(7)}   ${k.calls[0]} / ${k.calls[1]}`,
    );
};
if (modelsOpts.only) {
  await modelsSection(tf, modelsOpts, (line) => console.log(line));
  console.log(
    `load average at the end ${load()}; bench took ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  process.exit(0);
}
if (unetOnly) {
  noModels();
  await unetSection(tf, quick, (line) => console.log(line));
  console.log(
    `load average at the end ${load()}; bench took ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  process.exit(0);
}
if (primitivesOnly) {
  noModels();
  await primitivesSection();
  console.log(
    `load average at the end ${load()}; bench took ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  process.exit(0);
}

console.log('1. Backprop kernels vs forward conv of the same shape (GFLOP/s; NHWC, same padding).');
console.log(
  '   fwd gets a new filter each call as in training (weights change every step); "cached" reuses one.',
);
const convs = benchConvs(tf);
console.log(
  '   shape                      Ci  Co  k/s  GFLOP   fwd (cached)   dW (x fwd)      dX (x fwd)',
);
for (const r of convs) {
  const c = r.shape;
  console.log(
    `   ${c.name.padEnd(25)} ${String(c.ci).padStart(3)} ${String(c.co).padStart(3)}  ${c.k}/${c.s}  ${f2(r.gflop).padStart(5)}  ${f1(r.fwd).padStart(5)} (${f1(r.fwdCached).padStart(4)})  ${f1(r.filter).padStart(5)} (${f2(r.filter / r.fwd)})  ${f1(r.input).padStart(5)} (${f2(r.input / r.fwd)})`,
  );
}
const wide = convs.filter((r) => r.shape.ci >= 32);
const dwRatio = median(wide.map((r) => r.filter / r.fwd)),
  dxRatio = median(wide.map((r) => r.input / r.fwd));
console.log(
  `   median over Ci >= 32: dW ${f2(dwRatio)}x, dX ${f2(dxRatio)}x forward (target >= 0.7)`,
);
for (const r of benchDepthwise(tf)) {
  console.log(
    `   ${r.name}: fwd ${f1(r.fwd)}, dW ${f1(r.filter)} (${f2(r.filter / r.fwd)}), dX ${f1(r.input)} (${f2(r.input / r.fwd)}) GFLOP/s (native kernels; small FLOPs)`,
  );
}
console.log('');

console.log('2. MatMul with vs without transposes (GFLOP/s; new inputs each call as in training)');
const mms = benchMatMuls(tf);
for (const r of mms) {
  console.log(
    `   ${r.m}x${r.k}x${r.n}: plain ${f1(r.plain)} (cached b ${f1(r.cached)}), transposeA ${f1(r.ta)} (${f2(r.ta / r.plain)}x), transposeB ${f1(r.tb)} (${f2(r.tb / r.plain)}x), 8 batches ${f1(r.batched)}`,
  );
}
const tRatio = median(mms.flatMap((r) => [r.ta / r.plain, r.tb / r.plain]));
console.log(`   median transposed / plain: ${f2(tRatio)}x (target >= 0.8)\n`);
if (kernelsOnly) {
  noModels();
  console.log(
    `load average at the end ${load()}; bench took ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  process.exit(0);
}

const B = 64,
  steps = quick ? 2 : 4;
console.log(
  `3. Training step, batch ${B}, 28x28x1, Adam (${steps} steps after a warm-up: median wall ms, mean CPU ms of the busiest`,
);
console.log(
  '   thread ~ the step time on idle cores, without exchange waits or cache/memory contention;',
);
console.log('   with other processes on the cores, wall time overstates it)');
const aeCfg = { batch: B },
  ganCfg = { batch: B };
const ae1 = await timeInProcess(tf, autoencoderStep, aeCfg, steps);
const gan1 = await timeInProcess(tf, dcganStep, ganCfg, steps);
const ae2 = await timeParallel(
  modelFile('conv-autoencoder.model.ts'),
  'autoencoderStep',
  aeCfg,
  2,
  steps,
);
const gan2 = await timeParallel(modelFile('dcgan.model.ts'), 'dcganStep', ganCfg, 2, steps);
console.log(
  `   conv autoencoder: wasm 1 worker ${ms(ae1)}; 2 workers ${ms(ae2)} -> ${f2(ae1.wall / ae2.wall)}x wall, ${f2(ae1.thread / ae2.thread)}x projected for idle cores`,
);
console.log(
  `   DCGAN D+G step:   wasm 1 worker ${ms(gan1)}; 2 workers ${ms(gan2)} -> ${f2(gan1.wall / gan2.wall)}x wall, ${f2(gan1.thread / gan2.thread)}x projected for idle cores`,
);
const aeF = autoencoderFlops(B),
  ganF = dcganFlops(B);
const eff = (fl: number, t: StepTime): string => f1(fl / t.thread / 1e6);
console.log(
  `   effective GFLOP/s (step FLOPs / busiest-thread CPU): autoencoder (${f2(aeF / 1e9)} GFLOP) 1w ${eff(aeF, ae1)}, 2w ${eff(aeF, ae2)}; DCGAN (${f2(ganF / 1e9)} GFLOP) 1w ${eff(ganF, gan1)}, 2w ${eff(ganF, gan2)}`,
);

// cpu reference: one step at a reduced batch after one warm-up step, extrapolated linearly to 64.
await tf.setBackend('cpu');
const aeB = quick ? 2 : 4,
  ganB = 2;
const aeCpu = await timeInProcess(tf, autoencoderStep, { batch: aeB }, 1, 0);
const ganCpu = await timeInProcess(tf, dcganStep, { batch: ganB }, 1, 0);
const aeCpu64 = (aeCpu.wall * B) / aeB,
  ganCpu64 = (ganCpu.wall * B) / ganB;
console.log(
  `   cpu backend (one step at batch ${aeB} / ${ganB}, extrapolated x${B / aeB} / x${B / ganB}): autoencoder ~${aeCpu64.toFixed(0)} ms (${f1(aeCpu64 / ae1.wall)}x wasm), DCGAN ~${ganCpu64.toFixed(0)} ms (${f1(ganCpu64 / gan1.wall)}x wasm)`,
);
await tf.setBackend('wasm');

const torch = runTorchPeer(B, quick ? 2 : 3);
if ('skipped' in torch) {
  console.log(`   PyTorch peer: skipped: ${torch.skipped}`);
} else {
  console.log(
    `   PyTorch ${torch.torch} (BLAS ${torch.blas}), ${torch.threads} thread: autoencoder ${torch.ae_ms.toFixed(0)} ms wall, ${torch.ae_cpu_ms.toFixed(0)} ms CPU; DCGAN ${torch.dcgan_ms.toFixed(0)} ms wall, ${torch.dcgan_cpu_ms.toFixed(0)} ms CPU`,
  );
  console.log(
    `   wasm / PyTorch-1-thread, wall: autoencoder 1w ${f2(ae1.wall / torch.ae_ms)}x, 2w ${f2(ae2.wall / torch.ae_ms)}x; DCGAN 1w ${f2(gan1.wall / torch.dcgan_ms)}x, 2w ${f2(gan2.wall / torch.dcgan_ms)}x`,
  );
  console.log(
    `   wasm / PyTorch-1-thread, CPU (idle cores): autoencoder 1w ${f2(ae1.thread / torch.ae_cpu_ms)}x, 2w ${f2(ae2.thread / torch.ae_cpu_ms)}x; DCGAN 1w ${f2(gan1.thread / torch.dcgan_cpu_ms)}x, 2w ${f2(gan2.thread / torch.dcgan_cpu_ms)}x (target DCGAN 2w <= 2)`,
  );
}
console.log('');
await primitivesSection();
console.log('');
await modelsSection(tf, modelsOpts, (line) => console.log(line));
console.log(
  `\nload average at the end ${load()}; bench took ${((performance.now() - t0) / 1000).toFixed(0)} s`,
);
