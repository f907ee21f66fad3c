// Every template is a smoke test: masked pre-training compiles cleanly (Patch Mask -> the shared
// Encoder -> Decoder, Masked MSE on the hidden patches), refuses a probe stage that would train the
// encoder, learns through the app's Trainer (the masked loss falls, then the probe learns the labels
// on the frozen encoder), renders masked input | reconstruction | original, and exports to a program
// that reproduces the app's first losses of both stages.
import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfjs from '@tensorflow/tfjs';
import { compileDocument } from '../core/graph/compile';
import { nodeRegistry } from '../nodes/registry';
import { initBackend } from '../main/engine/backend/select-backend';
import { createShapeEnv } from '../main/engine/data/data-provider';
import { compileAndBuild, loadTemplate } from '../main/engine/testing/engine-fixtures';
import { renderPreview } from '../main/engine/train/previews';
import { runStage } from '../scripts/ssl/probe-eval';
import { expectExportMatchesApp } from './testing/export-matches-app';

let tf: typeof tfjs;
beforeAll(async () => {
  tf = (await initBackend({ backend: 'wasm' })).tf;
});

const t = (shape: (string | number)[], dtype = 'float32') => ({ kind: 'tensor', dtype, shape });
const fashionAvailable = createShapeEnv().datasets['fashion-mnist']?.available === true;
if (!fashionAvailable)
  console.warn(
    'templates/masked-pretraining.test.ts: Fashion-MNIST is absent (apt-get install dataset-fashion-mnist); training tests skipped.',
  );

describe('templates/masked-pretraining.json', () => {
  it('compiles with no diagnostics: masked image -> Encoder -> Decoder, loss on hidden patches', () => {
    const doc = loadTemplate('masked-pretraining');
    const r = compileDocument(doc, nodeRegistry, createShapeEnv());
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const out = (id: string, port: string) => r.program!.graph.nodes[id]?.outputTypes[port];
    expect(out('mask', 'masked')).toEqual(t(['B', 28, 28, 1]));
    expect(out('mask', 'mask')).toEqual(t(['B', 28, 28, 1]));
    expect(out('enc', 'h')).toEqual(t(['B', 256]));
    expect(out('dec', 'image')).toEqual(t(['B', 28, 28, 1]));
    expect(out('loss', 'loss')).toEqual(t([]));
    expect(doc.training.stages[1]!.frozen).toEqual(['encoder', 'decoder']);
    expect(Object.values(doc.previews).map((p) => p.sources.length)).toEqual([3, 1, 2]);
  });

  it('refuses a probe stage that trains everything, naming the encoder and the fix', () => {
    const doc = loadTemplate('masked-pretraining');
    const s2 = doc.training.stages[1]!;
    delete s2.frozen;
    s2.objectives[0]!.updates = ['*'];
    const errors = compileDocument(doc, nodeRegistry, createShapeEnv()).diagnostics.filter(
      (d) => d.severity === 'error',
    );
    expect(errors.map((d) => d.nodeId)).toEqual(['enc-probe']);
    expect(errors[0]!.message).toContain('a linear probe measures the pre-trained features');
    expect(errors[0]!.message).toContain('Add "encoder" to the stage\'s frozen list');
  });

  it.skipIf(!fashionAvailable)(
    'learns: the masked MSE falls, then the probe on the frozen encoder; previews three images per example',
    async () => {
      const doc = loadTemplate('masked-pretraining');
      doc.training.batchSize = 32;
      const built = await compileAndBuild(tf, doc);
      const pre = runStage(built, 0, { steps: 40, window: 5 });
      const key = 'Masked reconstruction';
      expect(pre.last[key]).toBeLessThan(0.6 * pre.first[key]!);
      expect(pre.last[key]).toBeLessThan(0.08);
      const probe = runStage(built, 1, { steps: 60, window: 5 });
      expect(probe.last['Linear probe']).toBeLessThan(1.5);
      const shown = renderPreview(built, doc.previews['reconstruction']!, 'run', 40)!.event;
      expect(shown.image!.width).toBe(12 * (2 * 28 + 2) + 2); // 4 triples per row, 2x scale, 2-px gaps
      built.dispose();
    },
    240_000,
  );

  it.skipIf(!fashionAvailable)(
    'exports to a program that reproduces the app losses of both stages (2 + 2 steps, batch 8, wasm)',
    async () => {
      const doc = loadTemplate('masked-pretraining');
      doc.training.batchSize = 8;
      doc.training.stages[0]!.steps = 2;
      doc.training.stages[1]!.steps = 2;
      const [a, b] = [['Masked reconstruction'], ['Linear probe']];
      await expectExportMatchesApp(tf, doc, [a, a, b, b]);
    },
    300_000,
  );
});
