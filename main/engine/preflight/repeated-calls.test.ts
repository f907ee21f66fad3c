import { beforeAll, describe, expect, it } from 'vitest';
import type * as tfjs from '@tensorflow/tfjs';
import type { ApplyContext, ModelHandle } from '../../../core/node-contract/node-definition';
import { initBackend } from '../backend/select-backend';
import { compileAndBuild, loadTemplate } from '../testing/engine-fixtures';
import { createRng } from '../train/rng';
import { profileKernels } from './kernel-profile';
import { callSignature, repeatedCalls } from './repeated-calls';

let tf: typeof tfjs;
beforeAll(async () => {
  tf = (await initBackend({ backend: 'wasm' })).tf;
});

const ctx = (o: Partial<ApplyContext> = {}): ApplyContext => ({
  training: false,
  step: 0,
  batchSize: 2,
  split: 'test',
  rng: createRng(1),
  handles: {},
  ...o,
});

describe('repeatedCalls', () => {
  it('runs a handle once per input signature and answers repeats with copies of the first outputs', () => {
    let calls = 0;
    const handle: ModelHandle = {
      moduleId: 'm',
      call: (inputs) => {
        calls++;
        return { y: tf.mul(inputs.x!, 2) };
      },
    };
    const before = tf.memory().numTensors;
    const repeats = repeatedCalls(tf);
    const wrapped = repeats.wrap({ model: handle }).model!;
    const first = tf.tidy(() => wrapped.call({ x: tf.tensor2d([[1, 2]]) }, ctx()).y!.arraySync());
    // Other values, same shape: the model does not run again; the answer is the first call's.
    const again = tf.tidy(() => wrapped.call({ x: tf.tensor2d([[5, 6]]) }, ctx()).y!.arraySync());
    expect(first).toEqual([[2, 4]]);
    expect(again).toEqual([[2, 4]]);
    expect(calls).toBe(1);
    // Another shape, or another mode, is a new signature.
    tf.tidy(() => {
      wrapped.call({ x: tf.tensor2d([[1, 2, 3]]) }, ctx());
    });
    tf.tidy(() => {
      wrapped.call({ x: tf.tensor2d([[1, 2]]) }, ctx({ training: true }));
    });
    expect(calls).toBe(3);
    expect(repeats.skipped).toBe(1);
    repeats.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names inputs, dtypes, shapes and the mode in the signature', () => {
    const s = tf.tidy(() =>
      callSignature({ z: tf.zeros([4, 8]), t: tf.zeros([4], 'int32') }, ctx({ batchSize: 4 })),
    );
    expect(s).toBe('infer:test:4|t:int32[4]|z:float32[4,8]');
  });
});

describe('the kernel preflight of a pixel-by-pixel sampler', () => {
  it("runs the model once for the sampler's 785 calls and still sees every kernel of both", async () => {
    const built = await compileAndBuild(tf, loadTemplate('fvsbn'));
    const layer = built.shared.get('density')?.layers.get('ar');
    expect(layer).toBeDefined();
    const original = layer!.apply;
    let inference = 0;
    layer!.apply = (inputs, c) => {
      if (!c.training) inference++;
      return original.call(layer, inputs, c);
    };
    const tensors = tf.memory().numTensors;
    try {
      const profile = await profileKernels(tf, built);
      expect(profile.failures).toEqual([]);
      // One call for the samples preview (785 without the memo), one for the NLL preview.
      expect(inference).toBe(2);
      const samples = profile.uses.filter((u) => u.task === 'preview "Exact samples"');
      const of = (node: string): Set<string> =>
        new Set(samples.filter((u) => u.owner?.nodeId === node).map((u) => u.kernel));
      // The model's kernels, attributed to its node, and the sampler's own per-pixel ones.
      expect(of('ar').size).toBeGreaterThan(0);
      expect(of('sampler')).toContain('Sigmoid');
      expect(of('sampler')).toContain('Slice');
      expect(tf.memory().numTensors).toBe(tensors);
    } finally {
      layer!.apply = original;
      built.dispose();
    }
  });
});
