// The bench's models section (`npm run bench`, alone with `-- --models`): for each shipped template
// of issue 10 item 3 (conv autoencoder, DCGAN, char GPT, the ddpm UNet), the app's training step on
// wasm through the Trainer beside its PyTorch peer (torch-models-peer.py; ddpm: torch-unet-peer.py)
// on 1 and 2 threads, parameter counts compared on both sides; `--json FILE` writes the report.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type * as tfjs from '@tensorflow/tfjs';
import { activeWasmThreads } from '../backend/select-backend';
import { defaultWasmThreads } from '../backend/wasm-threads';
import {
  modelEntry,
  modelLines,
  modelsReport,
  summaryLines,
  type ModelEntry,
  type ModelName,
  type ModelsOptions,
  type ModelsReport,
  type PeerOutcome,
  type PeerRun,
} from './models-report';
import { benchTemplateStep, type TemplateStepSpec } from './template-step';

/** Each model's template and parameter groups (the peer prints the same groups). */
export const MODEL_SPECS: Record<ModelName, TemplateStepSpec & { about: string }> = {
  'conv-autoencoder': {
    template: 'conv-autoencoder',
    groups: { model: ['enc1', 'enc2', 'dec1', 'dec2'] },
    about: 'Conv2D 16/32 + ConvTranspose2D 16/1, MSE, Adam',
  },
  dcgan: {
    template: 'dcgan',
    groups: { generator: ['generator'], critic: ['critic'] },
    // The Frechet metric trains its classifier at build and runs every 100 steps: neither is part
    // of a training step, so the bench cuts the classifier to 1 step (as section 4 does).
    prepare: (doc) => {
      const fid = doc.nodes['fid'];
      if (fid) fid.params = { ...fid.params, classifierSteps: 1, every: 100_000 };
    },
    about: 'D objective then G objective, non-saturating loss, Adam x2',
  },
  'char-gpt': {
    template: 'char-gpt',
    groups: { gpt: ['char-gpt'] },
    about: '4 blocks, width 128, 4 heads, context 64, cross-entropy, Adam, clip 1',
  },
  ddpm: {
    template: 'ddpm',
    groups: { unet: ['unet'], text: ['text-encoder'], null: ['cfg'] },
    about: 'caption-conditioned UNet + text encoder + null embedding, eps-MSE, Adam, clip 1',
  },
};

const PEER = fileURLToPath(new URL('./torch-models-peer.py', import.meta.url));
const PYTHON = '/usr/bin/python3';

/** The PyTorch peer of `model` at `threads` threads, or why it did not run. */
export function runModelPeer(
  model: ModelName,
  batch: number,
  steps: number,
  threads: number,
): PeerOutcome {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: 'no PyTorch' };
  const r = spawnSync(PYTHON, [PEER, model, String(batch), String(steps), String(threads)], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (r.status !== 0)
    return {
      skipped: `PyTorch peer of ${model} failed (${PEER}): ${(r.stderr || r.error?.message || '').trim().split('\n').slice(-3).join(' ')}`,
    };
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as PeerRun;
}

/** Runs the section, printing as it goes; writes opts.json when given. */
export async function modelsSection(
  tf: typeof tfjs,
  opts: ModelsOptions,
  log: (line: string) => void,
): Promise<ModelsReport> {
  const load = os.loadavg();
  const tesseraSide =
    opts.workers === 1
      ? `the app's Trainer in this process (1 worker on ${activeWasmThreads() ?? 1} XNNPACK thread(s); the app's default: 1 worker, ${defaultWasmThreads()} threads)`
      : `the app's document trainer on ${opts.workers} data-parallel workers`;
  log(`6. Shipped templates' training steps vs PyTorch: Tessera wasm through ${tesseraSide};`);
  log(
    `   PyTorch peer of the same model on 1 and 2 threads. ${opts.warmup} warm-up then ${opts.steps} measured steps each (median wall ms); load average ${load.map((l) => l.toFixed(1)).join(' ')}`,
  );
  const models: Record<string, ModelEntry> = {};
  const allPeers: PeerOutcome[] = [];
  for (const name of opts.models) {
    const spec = MODEL_SPECS[name];
    const tessera = await benchTemplateStep(tf, spec, opts.warmup, opts.steps, opts.workers);
    const peers = [1, 2].map((threads) => runModelPeer(name, tessera.batch, opts.steps, threads));
    allPeers.push(...peers);
    const entry = modelEntry(tessera, peers);
    models[name] = entry;
    for (const line of modelLines(`${name} (${spec.about})`, tessera, peers, entry)) log(line);
  }
  const report = modelsReport(models, allPeers, load, os.loadavg());
  log(`   PyTorch BLAS: ${report.blas}`);
  const parallel = allPeers.find((p): p is PeerRun => !('skipped' in p))?.parallel;
  if (parallel) log(`   PyTorch parallel_info: ${parallel}`);
  for (const line of summaryLines(models)) log(line);
  log(
    `   load average at the end of the section ${report.load_end.map((l) => l.toFixed(1)).join(' ')}`,
  );
  if (opts.json) {
    writeFileSync(opts.json, `${JSON.stringify(report, null, 2)}\n`);
    log(`   wrote ${opts.json}`);
  }
  return report;
}
