// Params of diffusion/guidance-sweep: the DDIM sampler's, with a list of guidance scales and the
// number of conditions (rows) instead of one scale, a sample count and a strip.
import type { ParamSpecs, ParamsOf } from '../../../core/node-contract/param-spec';
import { ddimSamplerParams, type DdimSamplerParams } from '../ddim-sampler/ddim-sampler.params';

const {
  count: _count,
  guidance: _guidance,
  stripFrames: _frames,
  stripRows: _rows,
  ...shared
} = ddimSamplerParams;

export const guidanceSweepParams = {
  rows: {
    kind: 'int',
    default: 4,
    min: 1,
    max: 64,
    doc: 'Conditions swept, one row each: the first rows of the condition input (they repeat when it has fewer).',
  },
  scales: {
    kind: 'intList',
    label: 'guidance scales w',
    default: [0, 1, 3, 5],
    min: 0,
    max: 30,
    minLength: 1,
    maxLength: 8,
    doc: 'Guidance scales, one column each: 0 is the unconditional model, 1 the conditional one, above 1 guides harder.',
  },
  ...shared,
  samplingSteps: { ...shared.samplingSteps, default: 20 },
} satisfies ParamSpecs;

export type GuidanceSweepParams = ParamsOf<typeof guidanceSweepParams>;

/** The DDIM run behind one column: `rows` samples at guidance w, no strip. */
export const columnParams = (p: GuidanceSweepParams, w: number): DdimSamplerParams => ({
  ...p,
  count: p.rows,
  guidance: w,
  stripFrames: 1,
  stripRows: 1,
});
