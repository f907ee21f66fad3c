// `npm run bench -- --unet`: one training step of the shipped ddpm template (templates/ddpm.json:
// the caption-conditioned UNet, its text encoder and Condition Dropout's null embedding, batch 32,
// Adam with global-norm clipping) through the app's Trainer, beside a PyTorch peer of the same step
// (torch-unet-peer.py via torch-peer.py --unet) on 1 and 2 threads. Both sides' parameter counts
// are printed and compared.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type * as tfjs from '@tensorflow/tfjs';
import { compileDocument } from '../../../core/graph/compile';
import { nodeRegistry } from '../../../nodes/registry';
import { buildProgram } from '../build/build-program';
import { createDataProvider, createShapeEnv } from '../data/data-provider';
import { loadTemplate } from '../testing/engine-fixtures';
import { Trainer } from '../train/trainer';
import { median } from './timing';
import type { PeerRun } from './models-report';

export interface UnetParams {
  unet: number;
  text: number;
  null: number;
}

export interface UnetStepResult {
  batch: number;
  /** Median wall ms of a Trainer step after the warm-up. */
  ms: number;
  params: UnetParams;
}

const size = (built: Awaited<ReturnType<typeof buildProgram>>, id: string): number =>
  [...built.resolveWeights([id]).values()].reduce((n, v) => n + v.size, 0);

/** `warmup` untimed then `steps` timed Trainer steps of the ddpm template as shipped. */
export async function benchUnetStep(
  tf: typeof tfjs,
  warmup = 2,
  steps = 5,
): Promise<UnetStepResult> {
  const doc = loadTemplate('ddpm');
  doc.training.checkpointEvery = 0;
  doc.training.stages[0]!.steps = warmup + steps;
  const r = compileDocument(doc, nodeRegistry, createShapeEnv());
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (!r.program || errors.length > 0)
    throw new Error(`ddpm does not compile: ${JSON.stringify(errors)}`);
  const built = await buildProgram(tf, r.program, {
    data: createDataProvider(),
    seed: doc.training.seed,
  });
  const trainer = new Trainer(built);
  const times: number[] = [];
  for (let s = 0; s < warmup + steps; s++) {
    const t0 = performance.now();
    trainer.runStep();
    if (s >= warmup) times.push(performance.now() - t0);
  }
  const params = {
    unet: size(built, 'unet'),
    text: size(built, 'text-encoder'),
    null: size(built, 'cfg'),
  };
  built.dispose();
  return { batch: doc.training.batchSize, ms: median(times), params };
}

/** One run of torch-unet-peer.py: the models section's peer line, with the UNet's parameter groups. */
export type TorchUnetResult = Omit<PeerRun, 'params'> & { params: UnetParams };

/** The PyTorch peer at `threads` threads, or why it did not run. */
export function runTorchUnetPeer(
  batch: number,
  steps: number,
  threads: number,
): TorchUnetResult | { skipped: string } {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: 'no PyTorch' };
  const script = fileURLToPath(new URL('./torch-peer.py', import.meta.url));
  const r = spawnSync(
    '/usr/bin/python3',
    [script, '--unet', String(batch), String(steps), String(threads)],
    { encoding: 'utf8', timeout: 300_000 },
  );
  if (r.status !== 0)
    return {
      skipped: `PyTorch UNet peer failed: ${(r.stderr || r.error?.message || '').split('\n').slice(-3).join(' ')}`,
    };
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as TorchUnetResult;
}

const sameParams = (a: UnetParams, b: UnetParams): boolean =>
  a.unet === b.unet && a.text === b.text && a.null === b.null;

const countText = (p: UnetParams): string =>
  `UNet ${p.unet.toLocaleString('en-US')} + text encoder ${p.text.toLocaleString('en-US')} + null embedding ${p.null}`;

/** The section's lines, printed as they come. */
export async function unetSection(
  tf: typeof tfjs,
  quick: boolean,
  log: (line: string) => void,
): Promise<void> {
  const steps = quick ? 3 : 5;
  log(
    `5. UNet training step of templates/ddpm.json (caption-conditioned UNet + text encoder + null embedding, Adam, clip 1),`,
  );
  log(
    `   through the app's Trainer (wasm), 2 warm-up then ${steps} measured steps (median wall ms)`,
  );
  const app = await benchUnetStep(tf, 2, steps);
  log(
    `   Tessera wasm: batch ${app.batch}, ${app.ms.toFixed(0)} ms/step; parameters ${countText(app.params)}`,
  );
  const peers = [1, 2].map((threads) => runTorchUnetPeer(app.batch, steps, threads));
  const ran = peers.filter((p): p is TorchUnetResult => !('skipped' in p));
  for (const p of peers)
    if ('skipped' in p) log(`   PyTorch peer: skipped: ${p.skipped}`);
    else
      log(
        `   PyTorch ${p.torch}, ${p.threads} thread${p.threads > 1 ? 's' : ''}: ${p.ms.toFixed(0)} ms wall, ${p.cpu_ms.toFixed(0)} ms CPU per step; parameters ${countText(p.params)} (${sameParams(p.params, app.params) ? 'match' : 'DO NOT MATCH'})`,
      );
  const one = ran.find((p) => p.threads === 1);
  if (one) {
    const best = ran.reduce((a, b) => (b.ms < a.ms ? b : a));
    log(`   PyTorch BLAS: ${one.blas}`);
    log(`   PyTorch parallel_info: ${one.parallel}`);
    log(
      `   wasm / PyTorch, wall: ${(app.ms / one.ms).toFixed(2)}x vs 1 thread, ${(app.ms / best.ms).toFixed(2)}x vs its best of 1-2 threads (${best.threads})`,
    );
  }
}
