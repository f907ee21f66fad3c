// Params of autoregressive/fvsbn.
import type { ParamSpecs, ParamsOf } from '../../../core/node-contract/param-spec';

export const fvsbnParams = {
  initScale: {
    kind: 'float',
    default: 0,
    min: 0,
    max: 1,
    doc: 'Std of the normal initialiser of the weights; 0 starts from the uniform model (543 nats on 28x28).',
  },
} satisfies ParamSpecs;

export type FvsbnParams = ParamsOf<typeof fvsbnParams>;
