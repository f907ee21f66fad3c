// Params of gan/gradient-penalty.
import type { ParamSpecs } from '../../../core/node-contract/param-spec';

export const gradientPenaltyParams = {
  lambda: {
    kind: 'float',
    default: 10,
    min: 0,
    max: 1000,
    doc: 'Penalty weight λ (10 in the paper).',
  },
  criticInput: {
    kind: 'string',
    default: '',
    doc: "The critic module's input port that takes images; empty picks its only input.",
  },
  criticOutput: {
    kind: 'string',
    default: '',
    doc: "The critic module's output port with the scores; empty picks its only output.",
  },
} satisfies ParamSpecs;
