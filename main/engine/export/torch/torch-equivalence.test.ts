// The PyTorch export computes what the app computes (conv-autoencoder, made only of primitives):
// the app's initial weights loaded with --from-checkpoint give the same forward outputs within
// 1e-4, and the same first training losses (same batches: rank 0 draws the app's sfc32 stream).
// A checkpoint of a different graph is refused with the mismatch named.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { initBackend } from '../../backend/select-backend';
import { evaluation } from '../../build/evaluate';
import { createRng } from '../../train/rng';
import { saveCheckpoint } from '../../train/checkpoint';
import { compileAndBuild, loadTemplate } from '../../testing/engine-fixtures';
import { appLosses } from '../testing/app-losses';
import type { TesseraDocument } from '../../../../core/document/document.types';
import type { Tensor } from '../../../../core/node-contract/node-definition';
import { exportTorchToTemp, loggedLosses, mnistDir, runPython } from './testing/torch-python';

let tf: typeof tfjs;
beforeAll(async () => {
  tf = (await initBackend({ backend: 'wasm' })).tf;
});

const BATCH = 4;
const STEPS = 3;

const smallAutoencoder = (over: (d: TesseraDocument) => void = () => {}): TesseraDocument => {
  const doc = loadTemplate('conv-autoencoder');
  doc.training.batchSize = BATCH;
  doc.training.stages[0]!.steps = STEPS;
  doc.training.checkpointEvery = 0;
  over(doc);
  return doc;
};

/** The app's initial weights as an app checkpoint (what Save in the app writes, step 0). */
const initialCheckpoint = async (doc: TesseraDocument, file: string): Promise<Float32Array[]> => {
  const built = await compileAndBuild(tf, doc);
  await saveCheckpoint(
    file,
    new Map([...built.weights()].map(([k, v]) => [`weights/${k}`, v as Tensor])),
    { runId: 'test', documentName: doc.name, step: 0, stageIndex: 0, rngState: [], losses: {} },
  );
  const ev = evaluation(built, {
    training: true,
    step: 0,
    batchSize: BATCH,
    split: 'train',
    rng: createRng(doc.training.seed),
    handles: {},
  });
  const out = [
    ev.output({ node: 'dec2-sigmoid', port: 'y' }).dataSync() as Float32Array,
    ev.output({ node: 'recon', port: 'loss' }).dataSync() as Float32Array,
  ].map((a) => Float32Array.from(a));
  built.dispose();
  return out;
};

const FORWARD_PY = `
import json, sys
import torch
from model import Model
from tessera_torch.checkpoint import load_app_weights
from tessera_torch.data import Sampler
from tessera_torch.rng import Sfc32
ckpt, mnist, seed, batch = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
m = Model()
load_app_weights(m, ckpt)
r = Sfc32(seed)
draws = [r.next32() for _ in range(3)] + [r.int(8570), r.seed()]
s = Sampler(Sfc32(seed), batch, {"mnist": mnist, "fashion-mnist": ""}, torch.device("cpu"))
with torch.no_grad():
    v = m.reconstruction(s)
print(json.dumps({"y": v["dec2-sigmoid.y"].flatten().tolist(), "loss": float(v["recon.loss"]), "draws": draws}))
`;

const REFUSE_PY = `
import json, sys
from model import Model
from tessera_torch.checkpoint import CheckpointMismatch, load_app_weights
for path in sys.argv[1:]:
    try:
        load_app_weights(Model(), path)
        print(json.dumps({"loaded": path}))
    except CheckpointMismatch as e:
        print(json.dumps({"refused": str(e)}))
`;

describe('PyTorch export of conv-autoencoder', () => {
  it('gives the app forward outputs (1e-4) and first losses (rel 1e-3) from the same weights', async () => {
    const doc = smallAutoencoder();
    const dir = await exportTorchToTemp(doc);
    const ckpt = path.join(dir, 'app', 'step-000000.json');
    const [appY, appLoss] = await initialCheckpoint(doc, ckpt);
    writeFileSync(path.join(dir, 'forward_check.py'), FORWARD_PY);
    const fwd = await runPython(
      ['forward_check.py', ckpt, mnistDir(), String(doc.training.seed), String(BATCH)],
      dir,
    );
    expect(fwd.stderr).not.toMatch(/Traceback/);
    const got = fwd.json[0] as { y: number[]; loss: number; draws: number[] };
    // The RNG port draws what main/engine/train/rng.ts draws.
    const seedRng = createRng(doc.training.seed);
    const u32 = [0, 1, 2].map(() => Math.round(seedRng.next() * 4294967296));
    expect(got.draws).toEqual([...u32, seedRng.int(8570), seedRng.seed()]);
    expect(got.y.length).toBe(appY!.length);
    const maxDiff = Math.max(...got.y.map((v, i) => Math.abs(v - appY![i]!)));
    console.log(`conv-autoencoder forward: max |torch - app| = ${maxDiff.toExponential(2)}`);
    expect(maxDiff).toBeLessThan(1e-4);
    expect(Math.abs(got.loss - appLoss![0]!)).toBeLessThan(1e-5);

    const app = await appLosses(tf, doc, STEPS);
    const run = await runPython(
      [
        'train.py',
        '--from-checkpoint',
        ckpt,
        '--mnist-dir',
        mnistDir(),
        '--log-every',
        '1',
        '--out',
        '',
      ],
      dir,
    );
    expect(run.code, run.stderr).toBe(0);
    const torchLosses = loggedLosses(run).map((l) => l['Reconstruction']!);
    const appSeries = app.map((l) => l['Reconstruction']!);
    console.log(
      `conv-autoencoder losses: app ${appSeries.join(', ')}; torch ${torchLosses.join(', ')}`,
    );
    expect(torchLosses.length).toBe(STEPS);
    torchLosses.forEach((v, i) =>
      expect(Math.abs(v - appSeries[i]!) / appSeries[i]!).toBeLessThan(1e-3),
    );
  }, 120_000);

  it('refuses a checkpoint of a different graph, naming the mismatch', async () => {
    const dir = await exportTorchToTemp(smallAutoencoder());
    // Other sizes: enc1 has 8 filters instead of 16.
    const other = path.join(dir, 'other', 'step-000000.json');
    await initialCheckpoint(
      smallAutoencoder((d) => (d.nodes['enc1']!.params['filters'] = 8)),
      other,
    );
    // Other weights: a checkpoint without dec2's bias and with a weight this graph does not have.
    const renamed = path.join(dir, 'other', 'renamed.json');
    const manifest = JSON.parse(readFileSync(other, 'utf8')) as { tensors: { key: string }[] };
    for (const t of manifest.tensors)
      if (t.key === 'weights/dec2/bias') t.key = 'weights/head/bias';
    writeFileSync(renamed, JSON.stringify(manifest));
    writeFileSync(path.join(dir, 'refuse_check.py'), REFUSE_PY);
    const refused = await runPython(['refuse_check.py', other, renamed], dir);
    const [sizes, names] = refused.json as { refused: string }[];
    expect(sizes?.refused).toMatch(/weight enc1\/kernel has shape \[3, 3, 1, 8\]/);
    expect(names?.refused).toContain('the model has dec2/bias which the checkpoint lacks');
    expect(names?.refused).toContain('the checkpoint has head/bias which the model lacks');
    // train.py stops before training, exit code 2, with the reason.
    const cli = await runPython(['train.py', '--from-checkpoint', renamed, '--out', ''], dir);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain(`Cannot start from ${renamed}`);
    expect(cli.stderr).toContain('is a checkpoint of a different graph');
  }, 120_000);
});
