// diffusion/guidance-sweep: DDIM samples of the same noise and conditions at several guidance scales.
// r rows (conditions), s scales, h w spatial, c channels (NHWC).
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import type { PortSpec } from '../../../core/node-contract/port-spec';
import { tensorType } from '../../../core/shapes/tensor-type';
import { inferSampler, samplerInputs } from '../shared/sampler-shapes';
import { columnParams, guidanceSweepParams } from './guidance-sweep.params';
import { createGuidanceSweepLayer } from './guidance-sweep.layer';
import { scheduleAgreement } from '../shared/schedule-params';

const outputs: readonly PortSpec[] = [
  {
    name: 'samples',
    kind: 'tensor',
    dtype: 'float32',
    rank: 4,
    dims: ['R*S', 'H', 'W', 'C'],
    gradient: 'none',
    doc: "Row r, column j: condition r at guidance scales[j], row by row (rows x scales images): the 'guidance-sweep' preview.",
  },
];

export const guidanceSweepNode = defineNode({
  id: 'diffusion/guidance-sweep',
  version: 1,
  title: 'Guidance Sweep',
  category: 'diffusion',
  role: 'sampler',
  doc:
    'Shows what classifier-free guidance does: for the first rows conditions (captions or classes) it runs ' +
    'the DDIM sampler once per guidance scale w (0, 1, 3, 5 by default) from the same initial noise, so the ' +
    'columns differ only in w: w = 0 is the unconditional model (nullCondition), 1 the conditional one, larger ' +
    'w follows the condition harder, at the cost of variety (and, too large, of image quality). Takes the same ' +
    'model handle, condition, nullCondition and conditionMask as the samplers; the model must take a condition. ' +
    'Runs without gradients, rows x scales x S x 2 model calls. In diffusers: the same pipeline call with ' +
    'generator fixed and guidance_scale varied.',
  paper: {
    citation:
      'Ho & Salimans. Classifier-Free Diffusion Guidance. 2022 (eq. 6, Figure 1: the sweep over w); Song, Meng, Ermon. DDIM. ICLR 2021',
    url: 'https://arxiv.org/abs/2207.12598',
    equation: 'eps = eps_u + w (eps_c - eps_u), for w in scales; x_T fixed',
  },
  inputs: samplerInputs,
  outputs,
  params: guidanceSweepParams,
  agreeingParams: scheduleAgreement('follows'),
  inferShapes: (ctx): ShapeResult => {
    const p = ctx.params;
    const extra: PortDiagnostic[] = [];
    if (!Number.isInteger(p.samplingSteps) || p.samplingSteps < 1)
      extra.push({
        severity: 'error',
        message: `steps S is ${p.samplingSteps}; set it to a whole number of at least 1 (20 is enough for a preview).`,
      });
    else if (p.samplingSteps > p.steps)
      extra.push({
        severity: 'error',
        message: `steps S (${p.samplingSteps}) is more than the schedule's T (${p.steps}); set S to at most T.`,
      });
    const m = ctx.inputs.model;
    if (m?.kind === 'model' && !m.inputs[p.conditionName])
      extra.push({
        severity: 'error',
        port: 'model',
        message: `A guidance sweep needs a conditional model, but module ${m.moduleId} takes no condition '${p.conditionName}' (its inputs: ${Object.keys(m.inputs).join(', ')}); set conditionName to its condition input, or remove the sweep.`,
      });
    else if (m?.kind === 'model' && ctx.inputs.condition === undefined)
      extra.push({
        severity: 'error',
        port: 'condition',
        message:
          "A guidance sweep needs the conditions to sweep: connect them to condition (and Condition Dropout's null output to nullCondition).",
      });
    // The shared checks of one column, at a scale that needs a condition.
    const probe = columnParams(p, Math.max(2, ...p.scales));
    const r = inferSampler({ ...ctx, params: probe }, Math.min(p.samplingSteps, p.steps), extra);
    const one = r.outputs.samples;
    if (!one || one.kind !== 'tensor' || r.diagnostics.some((d) => d.severity === 'error'))
      return { outputs: {}, diagnostics: r.diagnostics };
    return {
      outputs: {
        samples: tensorType('float32', [p.rows * p.scales.length, ...one.shape.slice(1)]),
      },
      diagnostics: r.diagnostics,
    };
  },
  build: (tf, params, ctx) => createGuidanceSweepLayer(tf, params, ctx),
  emit: {
    layerModule: 'diffusion/guidance-sweep/guidance-sweep.layer',
    factory: 'createGuidanceSweepLayer',
  },
});
