// Data-parallel training of an export: two processes under torch.distributed.run (gloo on
// loopback) train conv-autoencoder for a few steps and the loss falls; only rank 0 writes the
// checkpoints, and the app-format one holds the app's weight keys in the app's layouts.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { compileDocument } from '../../../../core/graph/compile';
import { nodeRegistry } from '../../../../nodes/registry';
import { createShapeEnv } from '../../data/data-provider';
import { loadCheckpoint } from '../../train/checkpoint';
import { loadTemplate } from '../../testing/engine-fixtures';
import { exportTorchToTemp, loggedLosses, mnistDir, runTorchrun } from './testing/torch-python';

const STEPS = 30;

describe('PyTorch export under torch.distributed.run', () => {
  it('trains conv-autoencoder on 2 processes (gloo): the loss falls, rank 0 checkpoints', async () => {
    const doc = loadTemplate('conv-autoencoder');
    doc.training.batchSize = 16;
    doc.training.stages[0]!.steps = STEPS;
    doc.training.checkpointEvery = 0;
    const dir = await exportTorchToTemp(doc);
    const run = await runTorchrun(
      [
        '-m',
        'tessera_torch.launch',
        '--nproc_per_node=2',
        '--standalone',
        'train.py',
        '--mnist-dir',
        mnistDir(),
        '--log-every',
        '1',
        '--out',
        'run',
      ],
      dir,
    );
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    const summary = run.json.find((j) => j['summary'])?.['summary'] as Record<string, unknown>;
    expect(summary['world']).toBe(2);
    const losses = loggedLosses(run).map((l) => l['Reconstruction']!);
    // Rank 0 logs each step once (the loss averaged over both processes).
    expect(losses.length).toBe(STEPS);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const first = mean(losses.slice(0, 3));
    const last = mean(losses.slice(-3));
    console.log(
      `2-process conv-autoencoder: loss ${first.toFixed(4)} -> ${last.toFixed(4)} in ${STEPS} steps`,
    );
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(last).toBeLessThan(first * 0.9);

    const folder = path.join(dir, 'run', 'checkpoints');
    expect(readdirSync(folder).sort()).toEqual([
      'step-000030.bin',
      'step-000030.json',
      'step-000030.pt',
    ]);
    const back = await loadCheckpoint(path.join(folder, 'step-000030.json'));
    const program = compileDocument(doc, nodeRegistry, createShapeEnv()).program!;
    const appShapes = {
      'weights/enc1/kernel': [3, 3, 1, 16],
      'weights/enc2/kernel': [3, 3, 16, 32],
      'weights/dec1/kernel': [4, 4, 16, 32],
      'weights/dec2/kernel': [4, 4, 1, 16],
    };
    for (const [key, shape] of Object.entries(appShapes))
      expect(back.values.get(key)?.shape, key).toEqual(shape);
    expect([...back.values.keys()].sort()).toEqual(
      ['enc1', 'enc2', 'dec1', 'dec2']
        .flatMap((n) => [`weights/${n}/bias`, `weights/${n}/kernel`])
        .sort(),
    );
    expect(program.graph.nodes['enc1']).toBeDefined();
    expect(existsSync(path.join(dir, 'run', 'checkpoints', 'step-000030.pt'))).toBe(true);
  }, 180_000);
});
