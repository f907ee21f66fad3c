// The tables behind the diffusion and text forms, against the app's: tessera_torch/diffusion.py's
// float64 schedules and min-SNR weights (which the op cases see only rounded to float32, at the
// timesteps drawn), and text.py's caption sets and vocabularies (every phrasing of every class; the
// op cases draw a few). The exporter's forms: the schedule dict, the condition dropout's null
// shape and mask ports, and the prompts as literal rows.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IRNode } from '../../../../core/graph/ir';
import { tensorType } from '../../../../core/shapes/tensor-type';
import { minSnrWeights } from '../../../../nodes/diffusion/diffusion-loss/diffusion-loss.layer';
import { scheduleTables } from '../../../../nodes/diffusion/shared/noise-schedule-math';
import { captionSet, captionSetIds } from '../../../../nodes/text/shared/caption-sets';
import { captionVocabulary } from '../../../../nodes/text/shared/vocabulary';
import { diffusionForms } from './forms-diffusion';
import type { TorchFormContext } from './torch-form';
import { runPython } from './testing/torch-python';

const SPECS = [
  { schedule: 'linear', steps: 1000, betaStart: 1e-4, betaEnd: 0.02, cosineS: 0.008 },
  { schedule: 'linear', steps: 1, betaStart: 3e-3, betaEnd: 0.02, cosineS: 0.008 },
  { schedule: 'cosine', steps: 1000, betaStart: 1e-4, betaEnd: 0.02, cosineS: 0.008 },
  { schedule: 'cosine', steps: 37, betaStart: 1e-4, betaEnd: 0.02, cosineS: 0 },
];
const LOSSES = [
  { prediction: 'eps', gamma: 5 },
  { prediction: 'v', gamma: 1 },
  { prediction: 'x0', gamma: 20 },
];

const PY = `
import json, sys
from tessera_torch import diffusion as DF, text as TX
specs, losses = json.load(open(sys.argv[1]))
print(json.dumps({
    "tables": [[list(t) for t in DF.schedule_tables(s)] for s in specs],
    "weights": [[DF.min_snr_weights(s, l["prediction"], l["gamma"]) for l in losses] for s in specs],
    "captions": {i: TX.caption_set(i) for i in TX.CAPTION_SET_IDS},
    "vocab": {i + "/" + lv: sorted(TX.vocabulary(i, lv), key=TX.vocabulary(i, lv).get) for i in TX.CAPTION_SET_IDS for lv in ("word", "char")},
}))
`;

/** Largest |a - b| / |b| (0 where both are 0). */
const relGap = (a: readonly number[], b: ArrayLike<number>): number =>
  Math.max(0, ...a.map((v, i) => Math.abs(v - b[i]!) / Math.max(Math.abs(b[i]!), 1e-300)));

const ctxOf = (
  type: string,
  params: Record<string, unknown>,
  inputs: Record<string, (number | string)[]>,
): TorchFormContext => {
  const types = Object.fromEntries(
    Object.entries(inputs).map(([p, s]) => [p, tensorType('float32', s)]),
  );
  return {
    node: { id: 'n', type, label: type, params, inputs: {}, inputTypes: types } as never as IRNode,
    self: 'self.n',
    input: (p) => types[p],
    value: (p) => types[p],
  };
};

describe('tessera_torch diffusion and text tables', () => {
  it("equal the app's schedules, min-SNR weights, caption sets and vocabularies", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tessera-torch-diffusion-'));
    writeFileSync(path.join(dir, 'check.py'), PY);
    writeFileSync(path.join(dir, 'specs.json'), JSON.stringify([SPECS, LOSSES]));
    const run = await runPython(['check.py', 'specs.json'], dir, {
      PYTHONPATH: path.join(import.meta.dirname, 'runtime'),
      PYTHONDONTWRITEBYTECODE: '1',
    });
    expect(run.stderr).toBe('');
    const got = run.json[0] as {
      tables: number[][][];
      weights: number[][][];
      captions: Record<string, string[][]>;
      vocab: Record<string, string[]>;
    };
    SPECS.forEach((spec, s) => {
      const want = scheduleTables(spec);
      // The same float64 arithmetic: equal, but for the cosine's libm cos against V8's (a last-bit
      // difference, grown by the cancellation in 1 - abar(t+1)/abar(t): 3.7e-13 relative at most,
      // far below float32's 6e-8, to which every table is rounded).
      const bound = spec.schedule === 'cosine' ? 1e-11 : 0;
      [want.betas, want.alphas, want.alphaBar].forEach((w, k) => {
        expect(got.tables[s]![k]!.length).toBe(spec.steps);
        expect(relGap(got.tables[s]![k]!, w)).toBeLessThanOrEqual(bound);
      });
      LOSSES.forEach((l, k) => {
        const w = minSnrWeights({ ...spec, ...l, weight: 1 } as never);
        expect(relGap(got.weights[s]![k]!, w)).toBeLessThanOrEqual(bound);
      });
    });
    for (const id of captionSetIds) {
      expect(got.captions[id]).toEqual(captionSet(id));
      for (const level of ['word', 'char'] as const)
        expect(got.vocab[`${id}/${level}`]).toEqual(captionVocabulary(id, level).tokens);
    }
  });

  it('write the schedule, the null embedding shape, the mask port and the prompt rows', () => {
    const spec = { schedule: 'cosine', steps: 10, betaStart: 1e-4, betaEnd: 0.02, cosineS: 0.01 };
    const step = diffusionForms['diffusion/diffusion-step']!;
    if (step.kind !== 'op') throw new Error('op form expected');
    expect(
      step.forward(
        { x0: 'x' },
        ctxOf('diffusion/diffusion-step', { ...spec, prediction: 'v' }, {}),
      ),
    ).toEqual({
      tuple:
        'DF.diffusion_step(x, {"schedule": "cosine", "steps": 10, "betaStart": 0.0001, "betaEnd": 0.02, "cosineS": 0.01}, "v", sampler)',
      ports: ['xt', 't', 'eps', 'target'],
    });
    const cfg = diffusionForms['diffusion/condition-dropout']!;
    if (cfg.kind !== 'op' || !cfg.layer) throw new Error('op form with a layer expected');
    const ctx = ctxOf('diffusion/condition-dropout', { p: 0.1 }, { condition: ['B', 7, 64] });
    expect(cfg.layer(ctx).module).toBe('DF.ConditionDropout([7, 64], 0.1)');
    expect(cfg.forward({ condition: 'c', mask: 'm' }, ctx)).toEqual({
      tuple: 'self.n(c, m, sampler, self.training)',
      ports: ['y', 'null', 'mask'],
    });
    expect(cfg.forward({ condition: 'c' }, ctx)).toEqual({
      tuple: 'self.n(c, None, sampler, self.training)[:2]',
      ports: ['y', 'null'],
    });
    const unknown = ctxOf('diffusion/condition-dropout', { p: 0.1 }, { condition: ['B', 'L', 8] });
    expect(cfg.layer(unknown).module).toBe('DF.ConditionDropout(None, 0.1)');
    const prompts = diffusionForms['text/prompts']!;
    if (prompts.kind !== 'op') throw new Error('op form expected');
    const p = { prompts: ' a bag ;; the digit "7"; ', repeat: 2, width: 16 };
    expect(prompts.forward({}, ctxOf('text/prompts', p, {}))).toEqual({
      outputs: {
        text: 'TX.encode_text_codes(["a bag", "a bag", "the digit \\"7\\"", "the digit \\"7\\""], 16, sampler.device)',
      },
    });
  });
});
