// The caption-conditioned diffusion templates export to programs that reproduce the app's losses:
// latent diffusion through both stages (stage 1 cut to 2 steps, then the latent UNet on the frozen
// autoencoder). The first losses of each template (stage 1 only, for latent diffusion) are also
// checked with every template in main/engine/export/export-templates.test.ts.
import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfjs from '@tensorflow/tfjs';
import { initBackend } from '../main/engine/backend/select-backend';
import { createShapeEnv } from '../main/engine/data/data-provider';
import { appLosses, lossMismatches } from '../main/engine/export/testing/app-losses';
import {
  exportToTemp,
  readTemplate,
  runExport,
  withBatch,
} from '../main/engine/export/testing/export-fixture';

let tf: typeof tfjs;
beforeAll(async () => {
  tf = (await initBackend({ backend: 'wasm' })).tf;
});

const fashionAvailable = createShapeEnv().datasets['fashion-mnist']?.available === true;

describe('diffusion templates export', () => {
  it.skipIf(!fashionAvailable)(
    'latent-diffusion: both stages (2 + 2 steps, batch 4, wasm) give the app losses within 1e-4',
    async () => {
      const doc = withBatch(readTemplate('latent-diffusion'), 4);
      const stages = (doc['training'] as { stages: { steps: number }[] }).stages;
      stages[0]!.steps = 2;
      const app = await appLosses(tf, doc, 4);
      expect(app.map((s) => Object.keys(s))).toEqual([
        ['Reconstruction + KL'],
        ['Reconstruction + KL'],
        ['Noise prediction'],
        ['Noise prediction'],
      ]);
      const { dir, result } = await exportToTemp(doc, 'model');
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const exported = await runExport(dir, result.entry, ['--steps', '4', '--backend', 'wasm']);
      expect(
        lossMismatches(
          app,
          exported.map((s) => s.losses),
        ),
      ).toEqual([]);
    },
    300_000,
  );
});
