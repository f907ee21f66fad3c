import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { ModelHandle } from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyContext, buildContext, inferWith, testRng } from '../../attention/test-context';
import { createGptPrior } from '../gpt-prior/gpt-prior.layer';
import { codeSamplerNode } from './code-sampler.node';
import { createCodeSampler } from './code-sampler.layer';
import { sampleIndex } from './sample-codes';

const params = {
  count: 6,
  height: 3,
  width: 3,
  temperature: 1,
  topK: 0,
  inputPort: 'codes',
  outputPort: 'logits',
};

describe('sample/code-sampler', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('sampleIndex: frequencies follow softmax(l/T); topK 1 and low T give the argmax; same seed, same draws', () => {
    const logits = [0, Math.log(2), Math.log(3), -Infinity];
    const rng = testRng(4);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 6000; i++) counts[sampleIndex(logits, 1, 0, rng)]!++;
    [1 / 6, 2 / 6, 3 / 6, 0].forEach((p, i) =>
      expect(Math.abs(counts[i]! / 6000 - p)).toBeLessThan(0.02),
    );
    const top2 = [0, 0, 0, 0];
    for (let i = 0; i < 3000; i++) top2[sampleIndex(logits, 1, 2, rng)]!++;
    expect(top2[0]).toBe(0);
    expect(Math.abs(top2[2]! / 3000 - 0.6)).toBeLessThan(0.03);
    for (let i = 0; i < 50; i++) expect(sampleIndex([0.1, 0.3, 0.2], 1, 1, rng)).toBe(1);
    for (let i = 0; i < 50; i++) expect(sampleIndex([0.1, 0.3, 0.2], 0.01, 0, rng)).toBe(1);
    const a = testRng(9),
      b = testRng(9);
    const draws = (r: ReturnType<typeof testRng>) =>
      Array.from({ length: 20 }, () => sampleIndex([0, 0, 0, 0, 0], 1, 0, r));
    expect(draws(a)).toEqual(draws(b));
  });

  it('takes H and W from the prior module, and names missing ports', () => {
    const model = {
      kind: 'model' as const,
      moduleId: 'prior',
      inputs: { codes: tensorType('int32', ['B', 7, 7]) },
      outputs: { logits: tensorType('float32', ['B', 49, 32]) },
    };
    const r = inferWith(codeSamplerNode, { ...params, height: 7, width: 7 }, { model });
    expect(r.outputs['codes']).toEqual(tensorType('int32', [6, 7, 7]));
    expect(inferWith(codeSamplerNode, { ...params, count: 0 }, { model }).outputs['codes']).toEqual(
      tensorType('int32', ['B', 7, 7]),
    );
    expect(r.diagnostics).toEqual([]);
    const bad = inferWith(codeSamplerNode, { ...params, outputPort: 'probs' }, { model });
    expect(bad.diagnostics.map((d) => d.message).join(' ')).toMatch(
      /no output 'probs'.*one of: logits/,
    );
    expect(inferWith(codeSamplerNode, params, {}).diagnostics[0]?.port).toBe('model');
  });

  it('samples sequences a trained prior has learned (counting mod 8), reproducibly', () => {
    const prior = createGptPrior(
      tf,
      { codebookSize: 8, dim: 16, layers: 1, heads: 2, mlpRatio: 2, maxLength: 9 },
      buildContext({ codes: ['int32', [16, 3, 3]] }, 3),
    );
    const rng = testRng(2);
    const rows: number[] = [];
    for (let b = 0; b < 16; b++) {
      const s0 = rng.int(8);
      for (let i = 0; i < 9; i++) rows.push((s0 + i) % 8);
    }
    const codes = tf.tensor3d(rows, [16, 3, 3], 'int32');
    const opt = tf.train.adam(0.01);
    for (let i = 0; i < 80; i++)
      opt.minimize(
        () => prior.apply({ codes }, applyContext())['nll'] as tf.Scalar,
        false,
        Object.values(prior.weights),
      );
    let calls = 0;
    const handle: ModelHandle = {
      moduleId: 'prior',
      call: (inputs, ctx) => {
        calls++;
        return prior.apply({ codes: inputs['codes'] }, ctx);
      },
    };
    const sampler = createCodeSampler(tf, { ...params, topK: 2 });
    const before = tf.memory().numTensors;
    const out = sampler.apply({}, applyContext({ rng: testRng(5) }, { model: handle }))['codes']!;
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(calls).toBe(9);
    expect(out.shape).toEqual([6, 3, 3]);
    const grids = out.arraySync() as number[][][];
    let right = 0;
    for (const g of grids) {
      const seq = g.flat();
      for (let i = 1; i < 9; i++) if (seq[i] === (seq[i - 1]! + 1) % 8) right++;
    }
    expect(right / (6 * 8)).toBeGreaterThan(0.9);
    const again = createCodeSampler(tf, { ...params, topK: 2 }).apply(
      {},
      applyContext({ rng: testRng(5) }, { model: handle }),
    )['codes']!;
    expect(Array.from(again.dataSync())).toEqual(Array.from(out.dataSync()));
  });
});
