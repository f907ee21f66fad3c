// PyTorch forms of the sequence nodes (tessera_torch/sequence.py: attention, cross-entropy; the
// text dataset in tessera_torch/data.py), and of the samplers and metrics, which the export
// leaves out (they run in the app; a loss that depends on one blocks the export).
import {
  num,
  py,
  sameLayoutWeights,
  str,
  type TorchForm,
  type TorchFormContext,
} from './torch-form';

const preview = (what: string): TorchForm => ({ kind: 'preview', what });

const PROJECTIONS = ['wq', 'wk', 'wv', 'wo', 'bq', 'bk', 'bv', 'bo'];
/** gau-ops.ts flattenGauWeights: the dense weights, then gamma/beta per map of Z. */
const gauWeights = (offsets: readonly string[]): string[] => [
  ...['wu', 'bu', 'wv', 'bv', 'wz', 'bz', 'wo', 'bo'],
  ...offsets.flatMap((o) => [`gamma${o}`, `beta${o}`]),
];

/** Multi-head attention and its linear variant: the same projections, x [b, n, d], optional context. */
const headAttention = (cls: string): TorchForm => ({
  kind: 'op',
  layer: (ctx) => {
    const d = ctx.input('x')?.shape[2];
    const kv = ctx.input('context')?.shape[2];
    return {
      module: `S.${cls}(${String(d ?? 'None')}, ${num(ctx.node, 'heads')}, ${py(ctx.node.params['causal'] === true)}${kv !== undefined ? `, ${String(kv)}` : ''})`,
      weights: sameLayoutWeights(PROJECTIONS),
    };
  },
  forward: (i, ctx) => {
    const extra = [
      ...(i['context'] ? [`context=${i['context']}`] : []),
      ...(i['keyMask'] ? [`key_mask=${i['keyMask']}`] : []),
    ];
    return {
      tuple: `${ctx.self}(${[i['x'] ?? 'None', ...extra].join(', ')})`,
      ports: ['y', 'attention'],
    };
  },
});

/** The gated attention units (GAU, FLASH): x [b, n, d], optional keyMask. */
const gatedUnit = (
  cls: string,
  offsets: readonly string[],
  args: (n: TorchFormContext['node']) => string,
): TorchForm => ({
  kind: 'op',
  layer: (ctx) => ({
    module: `S.${cls}(${String(ctx.input('x')?.shape[2] ?? 'None')}, ${args(ctx.node)})`,
    weights: sameLayoutWeights(gauWeights(offsets)),
  }),
  forward: (i, ctx) => ({
    tuple: `${ctx.self}(${i['x']}${i['keyMask'] ? `, key_mask=${i['keyMask']}` : ''})`,
    ports: ['y', 'attention'],
  }),
});

export const sequenceForms: Record<string, TorchForm> = {
  'attention/multi-head-attention': headAttention('MultiHeadAttention'),
  'attention/linear-attention': headAttention('LinearAttention'),
  'attention/flash': gatedUnit(
    'Flash',
    ['Q', 'K', 'LinQ', 'LinK'],
    (n) =>
      `${num(n, 'expansion')}, ${num(n, 's')}, ${num(n, 'chunk')}, ${py(n.params['causal'] === true)}`,
  ),
  'attention/gated-attention-unit': gatedUnit(
    'GatedAttentionUnit',
    ['Q', 'K'],
    (n) => `${num(n, 'expansion')}, ${num(n, 's')}, ${py(n.params['causal'] === true)}`,
  ),
  'loss/cross-entropy': {
    kind: 'op',
    forward: (i, ctx) => ({
      outputs: {
        loss: `S.cross_entropy(${i['logits']}, ${i['labels']}, ${py(num(ctx.node, 'weight'))}, ${py(num(ctx.node, 'labelSmoothing'))})`,
      },
    }),
  },
  'data/text-file': {
    kind: 'op',
    forward: (_i, ctx) => ({
      tuple: `sampler.text_batch(${py(str(ctx.node, 'source'))}, ${num(ctx.node, 'context')}, ${py(num(ctx.node, 'validation'))})`,
      ports: ['tokens', 'targets'],
    }),
  },
  'data/action-streams': {
    kind: 'op',
    forward: (_i, ctx) => {
      const keys = [
        'seed',
        'actions',
        'features',
        'window',
        'future',
        'trainStreams',
        'testStreams',
        'streamLength',
        'noise',
        'blend',
      ];
      const config = Object.fromEntries(keys.map((k) => [k, num(ctx.node, k)]));
      return {
        tuple: `sampler.action_streams(${py(config)})`,
        ports: ['frames', 'label', 'future'],
      };
    },
  },
  'sample/autoregressive-sampler': preview(
    'a sampler (draws images pixel by pixel from the model)',
  ),
  'sample/text-sampler': preview('a sampler (generates text from the model)'),
  'sample/code-sampler': preview('a sampler (draws code grids from the prior)'),
  'diffusion/ddpm-sampler': preview('a sampler (DDPM ancestral sampling)'),
  'diffusion/ddim-sampler': preview('a sampler (DDIM sampling)'),
  'diffusion/guidance-sweep': preview('a sampler (a classifier-free guidance sweep)'),
  'metric/frechet-distance': preview('a metric (the Fréchet distance of samples)'),
  'metric/frame-map': preview('a metric (per-frame mean average precision)'),
};
