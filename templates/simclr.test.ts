// Every template is a smoke test: SimCLR compiles cleanly with one Encoder module whose three
// instances (view 1, view 2, the probe) share one set of weights, refuses a probe stage that would
// train the encoder and views of different shapes, learns through the app's Trainer (the NT-Xent
// loss falls, then the probe learns the labels on the frozen encoder), renders the two views side
// by side, and exports to a program that reproduces the app's first losses of both stages.
import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfjs from '@tensorflow/tfjs';
import type { TesseraDocument } from '../core/document/document.types';
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
    'templates/simclr.test.ts: Fashion-MNIST is absent (apt-get install dataset-fashion-mnist); training tests skipped.',
  );
const errorsOf = (doc: TesseraDocument) =>
  compileDocument(doc, nodeRegistry, createShapeEnv()).diagnostics.filter(
    (d) => d.severity === 'error',
  );

describe('templates/simclr.json', () => {
  it('compiles with no diagnostics: two augmented views through one shared Encoder and projection head', () => {
    const doc = loadTemplate('simclr');
    const r = compileDocument(doc, nodeRegistry, createShapeEnv());
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const out = (id: string, port: string) => r.program!.graph.nodes[id]?.outputTypes[port];
    expect(out('aug-a', 'view')).toEqual(t(['B', 28, 28, 1]));
    expect(out('enc-a', 'h')).toEqual(t(['B', 256]));
    expect(out('enc-b', 'h')).toEqual(t(['B', 256]));
    expect(out('proj-b', 'z')).toEqual(t(['B', 64]));
    expect(out('probe', 'logits')).toEqual(t(['B', 10]));
    for (const id of ['enc-a', 'enc-b', 'enc-probe'])
      expect(doc.nodes[id]!.params).toMatchObject({ module: 'encoder', weights: 'shared' });
    expect(doc.nodes['aug-a']!.params.seed).not.toBe(doc.nodes['aug-b']!.params.seed);
    const [s1, s2] = doc.training.stages;
    expect(s1!.objectives[0]!.updates).toEqual(['encoder', 'projection']);
    expect(s2!.frozen).toEqual(['encoder', 'projection']);
    expect(s2!.objectives[0]!.updates).toEqual(['probe']);
  });

  it('refuses a probe stage that does not freeze the encoder, naming it and the fix', () => {
    const doc = loadTemplate('simclr');
    const s2 = doc.training.stages[1]!;
    delete s2.frozen;
    s2.objectives[0]!.updates = ['probe', 'encoder'];
    const errors = errorsOf(doc);
    expect(errors).toEqual([
      expect.objectContaining({
        source: 'training',
        nodeId: 'enc-probe',
        message: expect.stringContaining(
          'would train Encoder (frozen, for the probe) (module "encoder"), which makes the input "features" of Linear Probe (10 classes), and which stage 1 trained; a linear probe measures the pre-trained features',
        ),
      }),
    ]);
    expect(errors[0]!.message).toContain('Add "encoder" to the stage\'s frozen list');
  });

  it('refuses two views of different shapes', () => {
    const doc = loadTemplate('simclr');
    doc.nodes['aug-b']!.params.size = 24;
    const errors = errorsOf(doc);
    expect(errors).toContainEqual(
      expect.objectContaining({
        nodeId: 'aug-b',
        message: expect.stringContaining(
          'This view would be B x 24 x 24 x 1 but the view it pairs with is B x 28 x 28 x 1',
        ),
      }),
    );
  });

  it.skipIf(!fashionAvailable)(
    'shares one set of encoder weights, learns (NT-Xent falls, then the probe on the frozen encoder) and previews the views',
    async () => {
      const doc = loadTemplate('simclr');
      doc.training.batchSize = 32;
      const built = await compileAndBuild(tf, doc);
      // One set: conv 3x3x1x32 + 32, conv 3x3x32x64 + 64, dense 3136x256 + 256.
      const encoder = [...built.resolveWeights(['encoder']).values()];
      expect(encoder.length).toBe(6);
      expect(encoder.reduce((n, v) => n + v.size, 0)).toBe(320 + 18_496 + 803_072);
      const pre = runStage(built, 0, { steps: 40, window: 5 });
      // Chance level is log(2 x 32 - 1) = 4.14 at batch 32.
      expect(pre.first['NT-Xent']).toBeGreaterThan(3.8);
      expect(pre.last['NT-Xent']).toBeLessThan(pre.first['NT-Xent']! - 0.4);
      const before = encoder.map((v) => Float32Array.from(v.dataSync()));
      const probe = runStage(built, 1, { steps: 60, window: 5 });
      expect(probe.last['Linear probe']).toBeLessThan(1.5);
      // Frozen: the probe stage left every encoder weight as it was.
      encoder.forEach((v, i) => expect(Float32Array.from(v.dataSync())).toEqual(before[i]));
      const views = renderPreview(built, doc.previews['views']!, 'run', 40)!.event;
      expect(views.image!.width).toBeGreaterThan(views.image!.height);
      built.dispose();
    },
    240_000,
  );

  it.skipIf(!fashionAvailable)(
    'exports to a program that reproduces the app losses of both stages (2 + 2 steps, batch 8, wasm)',
    async () => {
      const doc = loadTemplate('simclr');
      doc.training.batchSize = 8;
      doc.training.stages[0]!.steps = 2;
      doc.training.stages[1]!.steps = 2;
      const [a, b] = [['NT-Xent'], ['Linear probe']];
      await expectExportMatchesApp(tf, doc, [a, a, b, b]);
    },
    300_000,
  );
});
