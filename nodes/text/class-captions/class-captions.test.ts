import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, buildCtx, infer, paramsOf, testRng } from '../../shared/test-kit';
import { captionSet } from '../shared/caption-sets';
import { decodeTextCodes } from '../shared/text-codes';
import { classCaptionsNode } from './class-captions.node';
import { createClassCaptionsLayer } from './class-captions.layer';
import type { ClassCaptionsParams } from './class-captions.params';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const params = (given: Record<string, unknown> = {}) =>
  paramsOf(classCaptionsNode, given) as ClassCaptionsParams;

const captions = (labels: number[], given: Record<string, unknown> = {}, seed = 7): string[] => {
  const layer = createClassCaptionsLayer(tf, params(given), buildCtx({}));
  const out = layer.apply(
    { label: tf.tensor1d(labels, 'int32') },
    applyCtx({ rng: testRng(seed) }),
  );
  expect(out.text!.dtype).toBe('int32');
  return decodeTextCodes(out.text!.dataSync(), out.text!.shape[1]!);
};

describe('text/class-captions', () => {
  it('types text int32 [B, S]; names the fix for float labels and a width too small', () => {
    const r = infer(classCaptionsNode, { label: tensorType('int32', ['B']) });
    expect(r.diagnostics).toEqual([]);
    expect(r.outputs.text).toEqual(tensorType('int32', ['B', 48]));
    expect(
      infer(classCaptionsNode, { label: tensorType('float32', ['B']) }).diagnostics[0]?.message,
    ).toMatch(/connect a dataset's int32 label output/);
    expect(
      infer(classCaptionsNode, { label: tensorType('int32', ['B']) }, { width: 10 }).diagnostics[0]
        ?.message,
    ).toMatch(/up to 31 characters but width is 10; set width to at least 31/);
    expect(infer(classCaptionsNode, {}).diagnostics[0]?.message).toMatch(/Connect .* 'label'/);
  });

  it('gives each example a phrasing of its class, picked by the seeded generator', () => {
    const labels = Array.from({ length: 200 }, (_, i) => i % 10);
    const a = captions(labels);
    a.forEach((text, i) => expect(captionSet('fashion-mnist')[i % 10]).toContain(text));
    // Every phrasing of a class turns up over 20 examples of it; the same seed, the same picks.
    expect(new Set(a.filter((_, i) => i % 10 === 7)).size).toBe(5);
    expect(captions(labels)).toEqual(a);
    expect(captions(labels, {}, 8)).not.toEqual(a);
    expect(captions([7, 9], { phrasing: 'first' })).toEqual([
      'a photo of a sneaker',
      'a photo of an ankle boot',
    ]);
    expect(captions([7], { set: 'mnist', phrasing: 'first' })).toEqual(['the digit seven']);
  });

  it('refuses a label outside the caption set, naming the fix', () => {
    expect(() => captions([12])).toThrow(/label 12 has no caption in the fashion-mnist set/);
  });
});
