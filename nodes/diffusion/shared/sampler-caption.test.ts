// The samplers with a caption condition (a token sequence and its padding mask) and a strip of
// several rows; DDIM stands for both (they share sampler-shapes and sampler-core).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelHandle, Tensor } from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, buildCtx, infer, paramsOf } from '../../shared/test-kit';
import { ddimSamplerNode } from '../ddim-sampler/ddim-sampler.node';
import { createDdimSamplerLayer } from '../ddim-sampler/ddim-sampler.layer';
import type { DdimSamplerParams } from '../ddim-sampler/ddim-sampler.params';
import { ddpmSamplerNode } from '../ddpm-sampler/ddpm-sampler.node';
import { denoiserType } from './sampler-testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const captioned = denoiserType(4, 4, 1, { condition: 6, tokens: 3 });
const caption = {
  model: captioned,
  condition: tensorType('float32', ['B', 3, 6]),
  nullCondition: tensorType('float32', ['B', 3, 6]),
  conditionMask: tensorType('float32', ['B', 3]),
};

const messages = (inputs: Record<string, unknown>, given: Record<string, unknown> = {}) =>
  infer(ddimSamplerNode, inputs as never, given).diagnostics.map((d) => d.message);

describe('samplers with a caption condition', () => {
  it('type a caption-conditioned model with its mask; name the fix for a missing or stray mask', () => {
    expect(messages(caption, { guidance: 3 })).toEqual([]);
    expect(infer(ddpmSamplerNode, caption as never, { guidance: 3 }).diagnostics).toEqual([]);
    const { conditionMask: _m, ...noMask } = caption;
    expect(messages(noMask)[0]).toMatch(
      /takes a padding mask 'mask'; connect the condition's mask .* to conditionMask/,
    );
    const plain = { ...caption, model: denoiserType(4, 4, 1, { condition: 6 }) };
    plain.condition = tensorType('float32', ['B', 6]);
    plain.nullCondition = tensorType('float32', ['B', 6]);
    expect(messages(plain)[0]).toMatch(
      /has no input 'mask' \(it has: x, t, c\); set maskName to its padding-mask input, or disconnect conditionMask/,
    );
    expect(messages({ ...caption, conditionMask: tensorType('float32', ['B', 5]) })[0]).toMatch(
      /'mask' rows are 3 but conditionMask rows are 5/,
    );
  });

  it('strip of several rows: R x K frames; stripRows beyond the samples is refused', () => {
    const r = infer(ddimSamplerNode, caption as never, {
      count: 8,
      stripRows: 3,
      stripFrames: 5,
      samplingSteps: 10,
    });
    expect(r.outputs.strip).toEqual(tensorType('float32', [15, 4, 4, 1]));
    expect(messages(caption, { count: 2, stripRows: 3 })[0]).toMatch(
      /stripRows \(3\) is more than the 2 samples drawn; set it to at most 2/,
    );
  });

  it('feeds the caption mask in the conditional pass and all ones in the unconditional one', () => {
    const seen: { c: number[]; mask: number[] }[] = [];
    const handle: ModelHandle = {
      moduleId: 'unet',
      call: ({ x, c, mask }) => {
        seen.push({
          c: Array.from((c as Tensor).dataSync()).slice(0, 3),
          mask: Array.from((mask as Tensor).dataSync()),
        });
        return { eps: tf.mul(x as Tensor, 0.1) };
      },
    };
    const p = paramsOf(ddimSamplerNode, {
      count: 2,
      samplingSteps: 2,
      guidance: 3,
    }) as DdimSamplerParams;
    const layer = createDdimSamplerLayer(tf, p, buildCtx({ model: captioned }));
    const cond = tf.ones([2, 3, 6]);
    const nul = tf.fill([2, 3, 6], -1);
    const mask = tf.tensor2d([
      [1, 1, 0],
      [1, 0, 0],
    ]);
    layer.apply(
      { condition: cond, nullCondition: nul, conditionMask: mask },
      applyCtx({ training: false, handles: { model: handle } }),
    );
    // Two steps, two calls each (unconditional first): the null sequence with ones, the caption with its mask.
    expect(seen).toHaveLength(4);
    expect(seen[0]).toEqual({ c: [-1, -1, -1], mask: [1, 1, 1, 1, 1, 1] });
    expect(seen[1]).toEqual({ c: [1, 1, 1], mask: [1, 1, 0, 1, 0, 0] });
  });

  it('row r of the strip is sample r from noise to its result', () => {
    const handle: ModelHandle = {
      moduleId: 'unet',
      call: ({ x }) => ({ eps: tf.mul(x as Tensor, 0.5) }),
    };
    const p = paramsOf(ddimSamplerNode, {
      count: 3,
      samplingSteps: 4,
      stripRows: 2,
      stripFrames: 3,
    }) as DdimSamplerParams;
    const layer = createDdimSamplerLayer(tf, p, buildCtx({ model: denoiserType(2, 2, 1) }));
    const out = layer.apply({}, applyCtx({ training: false, handles: { model: handle } }));
    const strip = out.strip!.arraySync() as number[][][][];
    const samples = out.samples!.arraySync() as number[][][][];
    expect(strip).toHaveLength(6);
    expect(strip[2]).toEqual(samples[0]);
    expect(strip[5]).toEqual(samples[1]);
    expect(strip[0]).not.toEqual(strip[3]);
  });
});
