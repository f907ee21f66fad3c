// sample/autoregressive-sampler — exact pixel-by-pixel sampling from an autoregressive model handle.
// b samples, h w spatial, c channels (NHWC); d = h*w*c.
import { defineNode, type PortDiagnostic } from '../../../core/node-contract/node-definition';
import { formatShape, tensorType } from '../../../core/shapes/tensor-type';
import { autoregressiveSamplerParams } from './autoregressive-sampler.params';
import { createAutoregressiveSamplerLayer } from './autoregressive-sampler.layer';

export const autoregressiveSamplerNode = defineNode({
  id: 'sample/autoregressive-sampler',
  version: 1,
  title: 'Autoregressive Sampler',
  category: 'sample',
  role: 'sampler',
  doc:
    'Draws exact samples from an autoregressive model of binary images (FVSBN, NADE, MADE, PixelCNN) passed in as a ' +
    'model handle: starting from a blank canvas it calls the model d times, each time reading the logit of the next ' +
    'pixel in the model\'s order and drawing it from a Bernoulli with the seeded generator. Uses the model\'s "order" ' +
    'output when it has one (MADE with a random order), raster order otherwise. Costs d forward passes per call.',
  paper: {
    citation:
      'Ancestral sampling of p(x) = prod_i p(x_i | x_<i); e.g. Larochelle & Murray 2011, section 3',
  },
  inputs: [
    {
      name: 'model',
      label: 'model',
      kind: 'model',
      gradient: 'none',
      doc: 'A module handle mapping images to per-pixel logits.',
    },
  ],
  outputs: [
    {
      name: 'samples',
      label: 'samples',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H', 'W', 'C'],
      gradient: 'none',
      doc: 'count x H x W x C binary images.',
    },
  ],
  params: autoregressiveSamplerParams,
  inferShapes: (ctx) => {
    const m = ctx.inputs.model;
    const diag = (
      message: string,
    ): { outputs: Record<string, never>; diagnostics: PortDiagnostic[] } => ({
      outputs: {},
      diagnostics: [{ severity: 'error', port: 'model', message }],
    });
    if (!m)
      return diag(
        'Connect a model: put the module holding the autoregressive model on a Module Handle and wire it here.',
      );
    if (m.kind !== 'model')
      return diag(
        'The sampler takes a model handle, not a tensor: wire a Module Handle node here.',
      );
    const inT = m.inputs[ctx.params.inputName];
    const outT = m.outputs[ctx.params.outputName];
    const names = (r: Record<string, unknown>): string => Object.keys(r).join(', ') || 'none';
    if (!inT)
      return diag(
        `Module ${m.moduleId} has no input '${ctx.params.inputName}' (it has: ${names(m.inputs)}); set inputName.`,
      );
    if (!outT)
      return diag(
        `Module ${m.moduleId} has no output '${ctx.params.outputName}' (it has: ${names(m.outputs)}); set outputName.`,
      );
    const [, h, w, c] = inT.shape;
    if (
      inT.shape.length !== 4 ||
      typeof h !== 'number' ||
      typeof w !== 'number' ||
      typeof c !== 'number'
    )
      return diag(
        `The model's input is ${formatShape(inT.shape)}; the sampler needs B x H x W x C with known H, W, C.`,
      );
    if (outT.shape.length !== 4 || outT.shape.slice(1).some((dim, i) => dim !== inT.shape[i + 1]))
      return diag(
        `The model's '${ctx.params.outputName}' is ${formatShape(outT.shape)}; it must be one logit per pixel, shaped like the input ${formatShape(inT.shape)}.`,
      );
    return {
      outputs: { samples: tensorType('float32', [ctx.params.count, h, w, c]) },
      diagnostics: [],
    };
  },
  build: (tf, params, ctx) => createAutoregressiveSamplerLayer(tf, params, ctx),
  emit: {
    layerModule: 'autoregressive/autoregressive-sampler/autoregressive-sampler.layer',
    factory: 'createAutoregressiveSamplerLayer',
  },
});
