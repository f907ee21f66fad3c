// A fixed batch of prompts as text (int32 code points [P * repeat, S]), the same on every call:
// what a sampler conditions its preview samples on. p prompts, s characters.
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';
import { encodeTextCodes } from '../shared/text-codes';
import { promptRows, type PromptsParams } from './prompts.params';

export const createPromptsLayer = (
  tf: TF,
  params: PromptsParams,
  _ctx?: BuildContext,
): NodeLayer => {
  const rows = promptRows(params);
  const codes = encodeTextCodes(rows, params.width);
  return {
    weights: {},
    apply: () => ({ text: tf.tensor2d(codes, [rows.length, params.width], 'int32') }),
  };
};
