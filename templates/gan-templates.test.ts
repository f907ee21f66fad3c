// The GAN templates compile without diagnostics, with the structure their papers prescribe.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileDocument } from '../core/graph/compile';
import type { TesseraDocument } from '../core/document/document.types';
import { nodeRegistry } from '../nodes/registry';
import { createShapeEnv } from '../main/engine/data/data-provider';

const load = (name: string): TesseraDocument =>
  JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8')) as TesseraDocument;

describe('GAN templates', () => {
  for (const name of ['dcgan', 'wgan-clip', 'wgan-gp']) {
    it(`${name} compiles cleanly`, () => {
      const r = compileDocument(load(name), nodeRegistry, createShapeEnv());
      expect(r.diagnostics).toEqual([]);
      expect(r.program?.graph.nodes['gen']?.outputTypes['image']).toEqual({
        kind: 'tensor',
        dtype: 'float32',
        shape: ['B', 28, 28, 1],
      });
    });
  }

  it('WGAN templates update the generator once per n_critic = 5 critic updates; clipping uses RMSProp (lr 5e-4, 10x the paper, for CPU budgets) at 0.01', () => {
    for (const name of ['wgan-clip', 'wgan-gp']) {
      const objectives = load(name).training.stages[0]?.objectives ?? [];
      expect(objectives.map((o) => [o.updates, o.every])).toEqual([
        [['critic'], 1],
        [['generator'], 5],
      ]);
    }
    const clip = load('wgan-clip').nodes['opt-d']?.params;
    expect(clip).toMatchObject({ algorithm: 'rmsprop', lr: 5e-4, clipWeights: 0.01 });
  });
});
