// Params of diffusion/condition-dropout.
import type { ParamSpecs, ParamsOf } from '../../../core/node-contract/param-spec';

export const conditionDropoutParams = {
  p: {
    kind: 'float',
    default: 0.1,
    min: 0,
    max: 1,
    doc: 'Probability that an example’s condition is replaced by the learned null embedding while training (0.1 to 0.2 is usual).',
  },
} satisfies ParamSpecs;

export type ConditionDropoutParams = ParamsOf<typeof conditionDropoutParams>;
