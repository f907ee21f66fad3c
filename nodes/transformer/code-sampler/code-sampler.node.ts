// Samples code grids from an autoregressive prior module, one position at a time.
// s samples, h w code grid, k codebook size
import { defineNode } from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { failed, knownDim } from '../../attention/shape-helpers';
import { createCodeSampler } from './code-sampler.layer';

export const codeSamplerNode = defineNode({
  id: 'sample/code-sampler',
  version: 1,
  title: 'Code Sampler',
  category: 'sample',
  role: 'sampler',
  doc:
    'Draws `count` code grids from a prior given as a model handle (a module wrapping a GPT Prior: codes in, logits out). ' +
    'Position by position in raster order it calls the prior, divides the logits at that position by the temperature, ' +
    "keeps the topK largest (0 keeps all), and samples with the run's seeded generator, so samples are reproducible. " +
    "Feed the codes to a Codebook Lookup and the decoder to see images. H and W come from the prior module's input " +
    'shape when it declares them, else from the height and width params.',
  paper: {
    citation:
      'Esser, Rombach, Ommer. Taming Transformers for High-Resolution Image Synthesis. CVPR 2021, sec. 3.2; top-k: Fan et al. 2018',
    url: 'https://arxiv.org/abs/2012.09841',
    equation: 's_i ~ softmax(logits_i / T) restricted to the top k, i = 1..h*w',
  },
  inputs: [
    {
      name: 'model',
      kind: 'model',
      doc: 'The prior: a module whose input takes B x H x W codes and whose output gives B x N x K logits.',
    },
  ],
  outputs: [
    {
      name: 'codes',
      kind: 'tensor',
      dtype: 'int32',
      rank: 3,
      dims: ['S', 'H', 'W'],
      gradient: 'none',
    },
  ],
  params: {
    count: {
      kind: 'int',
      default: 0,
      min: 0,
      max: 1024,
      doc: 'Number of grids to sample; 0 draws one per batch element (B).',
    },
    height: {
      kind: 'int',
      default: 7,
      min: 1,
      max: 256,
      doc: 'Grid height when the prior module does not declare it.',
    },
    width: {
      kind: 'int',
      default: 7,
      min: 1,
      max: 256,
      doc: 'Grid width when the prior module does not declare it.',
    },
    temperature: {
      kind: 'float',
      default: 1,
      min: 0.01,
      max: 10,
      doc: 'Below 1 sharpens, above 1 flattens the distribution.',
    },
    topK: {
      kind: 'int',
      default: 0,
      min: 0,
      max: 65536,
      doc: 'Sample among the k most likely codes only; 0 keeps all.',
    },
    inputPort: { kind: 'string', default: 'codes', doc: "Name of the prior module's input port." },
    outputPort: {
      kind: 'string',
      default: 'logits',
      doc: "Name of the prior module's logits output port.",
    },
  },
  inferShapes({ inputs, params }) {
    const m = inputs['model'];
    if (!m)
      return failed({
        severity: 'error',
        port: 'model',
        message: 'Connect a Module Handle of the prior module to model.',
      });
    if (m.kind !== 'model')
      return failed({
        severity: 'error',
        port: 'model',
        message: 'model takes a module handle, not a tensor.',
      });
    const diagnostics = [];
    const input = m.inputs[params.inputPort];
    const output = m.outputs[params.outputPort];
    if (!input)
      diagnostics.push({
        severity: 'error' as const,
        port: 'model',
        message: `The module has no input '${params.inputPort}'; set inputPort to one of: ${Object.keys(m.inputs).join(', ')}.`,
      });
    if (!output)
      diagnostics.push({
        severity: 'error' as const,
        port: 'model',
        message: `The module has no output '${params.outputPort}'; set outputPort to one of: ${Object.keys(m.outputs).join(', ')}.`,
      });
    const h = knownDim(input?.shape[1]) ?? params.height;
    const w = knownDim(input?.shape[2]) ?? params.width;
    if (input && (h !== params.height || w !== params.width))
      diagnostics.push({
        severity: 'warning' as const,
        message: `The prior takes ${h}x${w} grids; height and width params (${params.height}x${params.width}) are ignored.`,
      });
    return {
      outputs: { codes: tensorType('int32', [params.count > 0 ? params.count : 'B', h, w]) },
      diagnostics,
    };
  },
  build: (tf, params, ctx) => createCodeSampler(tf, params, ctx),
  emit: {
    layerModule: 'transformer/code-sampler/code-sampler.layer',
    factory: 'createCodeSampler',
  },
});
