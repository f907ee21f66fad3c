import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, buildCtx, infer, paramsOf } from '../../shared/test-kit';
import { decodeTextCodes } from '../shared/text-codes';
import { promptsNode } from './prompts.node';
import { createPromptsLayer } from './prompts.layer';
import type { PromptsParams } from './prompts.params';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('text/prompts', () => {
  it('types [P x repeat, S]; names the fix for no prompts and a prompt wider than S', () => {
    const r = infer(promptsNode, {}, { prompts: 'a coat; a bag ;; a dress', repeat: 4 });
    expect(r.diagnostics).toEqual([]);
    expect(r.outputs.text).toEqual(tensorType('int32', [12, 48]));
    expect(infer(promptsNode, {}, { prompts: ' ; ' }).diagnostics[0]?.message).toMatch(
      /no prompts; write one or more, separated by ';'/,
    );
    expect(
      infer(promptsNode, {}, { prompts: 'a photo of a pair of trousers', width: 8 }).diagnostics[0]
        ?.message,
    ).toMatch(/has 29 characters but width is 8; set width to at least 29/);
  });

  it('repeats each prompt in a row, the same text on every call', () => {
    const p = paramsOf(promptsNode, { prompts: 'a coat; a bag', repeat: 2 }) as PromptsParams;
    const layer = createPromptsLayer(tf, p, buildCtx({}));
    const a = layer.apply({}, applyCtx()).text!;
    expect(a.dtype).toBe('int32');
    expect(decodeTextCodes(a.dataSync(), 48)).toEqual(['a coat', 'a coat', 'a bag', 'a bag']);
    expect(Array.from(layer.apply({}, applyCtx({ training: false })).text!.dataSync())).toEqual(
      Array.from(a.dataSync()),
    );
  });
});
