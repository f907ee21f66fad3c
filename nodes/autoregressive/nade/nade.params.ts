// Params of autoregressive/nade.
import type { ParamSpecs, ParamsOf } from '../../../core/node-contract/param-spec';

export const nadeParams = {
  hidden: {
    kind: 'int',
    default: 500,
    min: 1,
    max: 4096,
    doc: 'Hidden units H shared by all conditionals (the paper used 500).',
  },
} satisfies ParamSpecs;

export type NadeParams = ParamsOf<typeof nadeParams>;
