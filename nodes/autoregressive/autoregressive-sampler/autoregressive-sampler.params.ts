// Params of sample/autoregressive-sampler.
import type { ParamSpecs, ParamsOf } from '../../../core/node-contract/param-spec';

export const autoregressiveSamplerParams = {
  count: {
    kind: 'int',
    default: 16,
    min: 1,
    max: 256,
    doc: 'Images drawn per call (the preview grid shows them).',
  },
  inputName: { kind: 'string', default: 'x', doc: "The model's input port that takes the images." },
  outputName: {
    kind: 'string',
    default: 'logits',
    doc: "The model's output port with one Bernoulli logit per pixel.",
  },
  orderName: {
    kind: 'string',
    default: 'order',
    doc: "Optional output of the model giving each pixel's position in its order (MADE); raster order when the model has none.",
  },
} satisfies ParamSpecs;

export type AutoregressiveSamplerParams = ParamsOf<typeof autoregressiveSamplerParams>;
