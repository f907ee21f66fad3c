// GroupNorm: x [B, H, W, C] or [B, N, C] -> y, same shape.
import { defineNode } from '../../../core/node-contract/node-definition';
import { concreteDim, perExample, tensorShape } from '../../../core/node-contract/cost';
import { epsParam, sameShapeNorm } from '../norm-params';
import { createGroupNormLayer } from './group-norm.layer';

const divisors = (n: number): number[] => {
  const out: number[] = [];
  for (let d = 1; d <= n; d++) if (n % d === 0) out.push(d);
  return out;
};

const orList = (xs: number[]): string =>
  xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;

export const groupNormNode = defineNode({
  id: 'normalization/group-norm',
  version: 1,
  title: 'GroupNorm',
  category: 'normalization',
  role: 'layer',
  doc:
    "Splits the C channels into groups of C / groups consecutive channels and normalises each group of each sample to zero mean and unit variance over the spatial (or token) axes and the group's channels, " +
    'then applies a learned per-channel gamma and beta. Independent of the batch size, so it suits small batches (diffusion UNets, VQGAN); groups = 1 normalises over all of H, W, C, groups = C is InstanceNorm. ' +
    'The equivalent of PyTorch nn.GroupNorm (channels last here) and Keras GroupNormalization.',
  paper: {
    citation: 'Wu, He. Group Normalization. ECCV 2018',
    url: 'https://arxiv.org/abs/1803.08494',
    equation:
      'y = (x - mean_g(x)) / sqrt(var_g(x) + eps) * gamma_c + beta_c, over (spatial, channels of group g)',
  },
  inputs: [
    {
      name: 'x',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['B', '...', 'C'],
      gradient: 'flows',
      doc: 'NHWC images or [B, N, C] tokens; C must be known and divisible by groups.',
    },
  ],
  outputs: [
    { name: 'y', kind: 'tensor', dtype: 'float32', dims: ['B', '...', 'C'], doc: 'Shaped like x.' },
  ],
  params: {
    groups: {
      kind: 'int',
      default: 32,
      min: 1,
      max: 4096,
      doc: 'Number of channel groups (32 in the paper); must divide C.',
    },
    eps: epsParam(1e-5),
  },
  inferShapes: (ctx) =>
    sameShapeNorm(ctx, 'GroupNorm', 2, '[B, H, W, C] or [B, N, C]', (c, diags) => {
      const g = ctx.params.groups;
      if (g >= 1 && Number.isInteger(g) && c % g === 0) return;
      const ds = divisors(c);
      diags.push({
        severity: 'error',
        port: 'x',
        message: `'x' has ${c} channels but GroupNorm splits into ${g} groups; set groups to a divisor of ${c} (${orList(ds.length > 12 ? [...ds.slice(0, 6), ...ds.slice(-5)] : ds)}).`,
      });
    }),
  // gamma and beta [C]; one multiply-add per element (y = x̂ * gamma + beta).
  cost: ({ inputs, batchSize }) => {
    const x = tensorShape(inputs['x'], "input 'x'");
    return {
      params: 2 * concreteDim(x, -1, batchSize, "input 'x'"),
      macs: perExample(x, batchSize, "input 'x'"),
    };
  },
  build: (tf, params, ctx) => createGroupNormLayer(tf, params, ctx),
  emit: {
    layerModule: 'normalization/group-norm/group-norm.layer',
    factory: 'createGroupNormLayer',
  },
});
