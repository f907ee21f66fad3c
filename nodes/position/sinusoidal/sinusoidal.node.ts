// Sinusoidal Encoding: t [...] -> emb [..., dim], or x [B, N, D] -> y = x + PE(0..N-1).
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { formatShape, tensorType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { fail } from '../../shape/shared/diagnostics';
import { createSinusoidalLayer } from './sinusoidal.layer';
import { weightlessCost } from '../../../core/node-contract/cost';

export const sinusoidalNode = defineNode({
  id: 'position/sinusoidal',
  version: 1,
  title: 'Sinusoidal Encoding',
  category: 'position',
  role: 'layer',
  doc:
    'Fixed sine/cosine features of a position or timestep, with no weights. Connect exactly one input. ' +
    'Timestep mode: connect t (any shape, float32 or int32, e.g. the B diffusion steps) and read emb, ' +
    'of shape [..., dim]: the DDPM / guided-diffusion timestep_embedding, usually followed by an MLP. ' +
    'Sequence mode: connect x (B x N x D) and read y = x + PE(0..N-1) with D as the dim, the positional ' +
    'encoding of the original Transformer (the PositionalEncoding module of the PyTorch tutorials; ' +
    'keras_nlp.layers.SinePositionEncoding added to the tokens). Frequencies w_i = maxPeriod^(-i/(dim/2)); ' +
    'the first half of the features are sines and the second half cosines (tensor2tensor / DDPM layout), ' +
    'where the paper interleaves them (a fixed permutation of the features).',
  paper: {
    citation:
      'Vaswani et al. Attention Is All You Need. NeurIPS 2017 (sec. 3.5); Ho, Jain, Abbeel. DDPM. 2020',
    url: 'https://arxiv.org/abs/1706.03762',
    equation: 'emb(t) = [sin(t w_i), cos(t w_i)]_{i<dim/2}, w_i = maxPeriod^(-i/(dim/2))',
  },
  inputs: [
    {
      name: 't',
      kind: 'tensor',
      dims: ['...'],
      optional: true,
      gradient: 'flows',
      doc: 'Timesteps or positions, any shape, float32 or int32 (timestep mode; leave x empty).',
    },
    {
      name: 'x',
      kind: 'tensor',
      dtype: 'float32',
      rank: 3,
      dims: ['B', 'N', 'D'],
      optional: true,
      gradient: 'flows',
      doc: 'Token sequence to add the encoding of positions 0..N-1 to (sequence mode; leave t empty).',
    },
  ],
  outputs: [
    {
      name: 'emb',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['...', 'dim'],
      optional: true,
      doc: 'Timestep mode: the encoding of t, shape [...t, dim].',
    },
    {
      name: 'y',
      kind: 'tensor',
      dtype: 'float32',
      rank: 3,
      dims: ['B', 'N', 'D'],
      optional: true,
      doc: 'Sequence mode: x + PE(0..N-1).',
    },
  ],
  params: {
    dim: {
      kind: 'int',
      default: 128,
      min: 2,
      max: 8192,
      doc: 'Size of the encoding in timestep mode (even). Sequence mode uses D of x instead.',
    },
    maxPeriod: {
      kind: 'float',
      default: 10000,
      min: 1,
      max: 1e9,
      log: true,
      doc: 'Longest wavelength / (2 pi): 10000 in the Transformer and DDPM.',
    },
  },
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const t = tensorInput(ctx, 't', diagnostics, { optional: true });
    const x = tensorInput(ctx, 'x', diagnostics, {
      optional: true,
      rank: 3,
      what: 'B x N x D tokens',
    });
    if (diagnostics.length > 0) return { outputs: {}, diagnostics };
    if (t && x)
      return fail(
        'x',
        'Both t and x are connected; connect t for timestep embeddings or x to add the encoding to a sequence, not both.',
      );
    if (x) {
      const d = x.shape[2];
      if (typeof d !== 'number' || d % 2 !== 0)
        return fail(
          'x',
          `The encoding takes D of x (${formatShape(x.shape)}) as its size, which must be a known even number; project x to an even width first.`,
        );
      return { outputs: { y: tensorType('float32', x.shape) }, diagnostics };
    }
    if (!t)
      return fail(
        't',
        "Connect timesteps or positions to 't' (timestep mode) or a B x N x D sequence to 'x' (sequence mode).",
      );
    if (t.dtype === 'bool')
      return fail('t', 't holds bool values; connect float32 or int32 timesteps or positions.');
    const dim = ctx.params.dim;
    if (dim % 2 !== 0)
      return fail(
        't',
        `dim is ${dim}, but the encoding has one sine and one cosine per frequency; set dim to an even number such as ${dim + 1}.`,
      );
    return { outputs: { emb: tensorType('float32', [...t.shape, dim]) }, diagnostics };
  },
  build: (tf, params, ctx) => createSinusoidalLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'position/sinusoidal/sinusoidal.layer', factory: 'createSinusoidalLayer' },
});
