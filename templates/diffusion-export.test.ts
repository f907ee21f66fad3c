// The caption-conditioned diffusion templates export to programs that reproduce the app's losses:
// latent diffusion through both stages (stage 1 cut to 2 steps, then the latent UNet on the frozen
// autoencoder). The first losses of each template (stage 1 only, for latent diffusion) are also
// checked with every template in main/engine/export/export-templates.test.ts.
import { describe, it, beforeAll } from 'vitest';
import type * as tfjs from '@tensorflow/tfjs';
import { initBackend } from '../main/engine/backend/select-backend';
import { createShapeEnv } from '../main/engine/data/data-provider';
import { readTemplate, withBatch } from '../main/engine/export/testing/export-fixture';
import { expectExportMatchesApp } from './testing/export-matches-app';

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
      const [a, b] = [['Reconstruction + KL'], ['Noise prediction']];
      await expectExportMatchesApp(tf, doc, [a, a, b, b]);
    },
    300_000,
  );
});
