// b batch, h w spatial, d code dim (the input's last dim); k codebook size.
import { defineNode, type PortDiagnostic } from '../../../core/node-contract/node-definition';
import { tensorType, type ValueType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { createVectorQuantizerLayer } from './vector-quantizer.layer';

export const vectorQuantizerNode = defineNode({
  id: 'quantize/vector-quantizer',
  version: 1,
  title: 'Vector quantizer',
  category: 'quantize',
  role: 'layer',
  doc: 'Replaces every D-dim vector of its input by the nearest of K learned codes. The gradient passes straight through to the encoder; `loss` is the codebook term plus beta times the commitment term (add it to the reconstruction loss). With ema on, the codebook follows exponential moving averages of its assigned vectors instead of the codebook loss. Dead codes (usage below the threshold) restart on random encoder outputs. Outputs indices (B x H x W) for a prior, the codebook perplexity (K at best: all codes equally used), and the codebook itself (K x D, gradient stopped) for a Codebook Lookup that decodes sampled codes.',
  paper: {
    citation:
      'van den Oord, Vinyals, Kavukcuoglu, Neural Discrete Representation Learning (NeurIPS 2017)',
    url: 'https://arxiv.org/abs/1711.00937',
    equation: 'eq. 3: L = log p(x|zq) + ||sg[ze] - e||^2 + beta ||ze - sg[e]||^2',
  },
  inputs: [
    {
      name: 'z',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['B', 'H', 'W', 'D'],
      doc: 'Encoder output; the last dim is the code dim D.',
    },
  ],
  outputs: [
    {
      name: 'quantized',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['B', 'H', 'W', 'D'],
      gradient: 'straight-through',
      doc: 'Nearest codes, same shape as z.',
    },
    {
      name: 'indices',
      kind: 'tensor',
      dtype: 'int32',
      dims: ['B', 'H', 'W'],
      gradient: 'none',
      doc: 'Index of the chosen code at each position.',
    },
    {
      name: 'loss',
      kind: 'tensor',
      dtype: 'float32',
      rank: 0,
      dims: [],
      doc: 'Codebook + beta * commitment loss.',
    },
    {
      name: 'perplexity',
      kind: 'tensor',
      dtype: 'float32',
      rank: 0,
      dims: [],
      gradient: 'none',
      doc: 'exp(entropy of code usage in the batch).',
    },
    {
      name: 'codebook',
      kind: 'tensor',
      dtype: 'float32',
      rank: 2,
      dims: ['K', 'D'],
      gradient: 'stop',
      doc: 'The current K x D codebook (no gradient flows back into it through this port).',
    },
  ],
  params: {
    codebookSize: { kind: 'int', default: 64, min: 2, max: 16384, doc: 'K, the number of codes.' },
    beta: {
      kind: 'float',
      default: 0.25,
      min: 0,
      max: 10,
      doc: 'Weight of the commitment loss (the paper uses 0.25).',
    },
    ema: {
      kind: 'bool',
      default: false,
      doc: 'Update the codebook by exponential moving averages instead of gradients.',
    },
    emaDecay: {
      kind: 'float',
      default: 0.99,
      min: 0.5,
      max: 0.99999,
      doc: 'Decay of the EMA codebook statistics.',
    },
    deadCodeThreshold: {
      kind: 'float',
      default: 0,
      min: 0,
      max: 1000,
      doc: 'Restart a code when its average assignments per step fall below this; 0 turns restarts off.',
    },
  },
  inferShapes: (ctx) => {
    const diagnostics: PortDiagnostic[] = [];
    const outputs: Record<string, ValueType> = {};
    const z = tensorInput(ctx, 'z', diagnostics, { what: 'encoder output B x ... x D' });
    if (!z) return { outputs, diagnostics };
    if (z.shape.length < 2) {
      diagnostics.push({
        severity: 'error',
        port: 'z',
        message: 'z needs at least two dims (batch and code dim); connect an encoder output.',
      });
      return { outputs, diagnostics };
    }
    const dim = z.shape[z.shape.length - 1];
    if (typeof dim !== 'number')
      diagnostics.push({
        severity: 'error',
        port: 'z',
        message: "The code dim (last dim of z) must be known; set the encoder's outChannels.",
      });
    outputs.quantized = z;
    outputs.indices = tensorType('int32', z.shape.slice(0, -1));
    outputs.loss = tensorType('float32', []);
    outputs.perplexity = tensorType('float32', []);
    outputs.codebook = tensorType('float32', [ctx.params.codebookSize, dim ?? 'D']);
    return { outputs, diagnostics };
  },
  build: (tf, params, ctx) => createVectorQuantizerLayer(tf, params, ctx),
  emit: {
    layerModule: 'quantize/vector-quantizer/vector-quantizer.layer',
    factory: 'createVectorQuantizerLayer',
  },
});
