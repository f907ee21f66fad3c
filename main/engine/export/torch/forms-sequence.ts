// PyTorch forms of the sequence nodes (tessera_torch/sequence.py: attention, cross-entropy; the
// text dataset in tessera_torch/data.py), and of the samplers and metrics, which the export
// leaves out (they run in the app; a loss that depends on one blocks the export).
import { num, py, str, type TorchForm } from './torch-form';

const preview = (what: string): TorchForm => ({ kind: 'preview', what });

export const sequenceForms: Record<string, TorchForm> = {
  'attention/multi-head-attention': {
    kind: 'op',
    layer: (ctx) => {
      const d = ctx.input('x')?.shape[2];
      const kv = ctx.input('context')?.shape[2];
      return {
        module: `S.MultiHeadAttention(${String(d ?? 'None')}, ${num(ctx.node, 'heads')}, ${py(ctx.node.params['causal'] === true)}${kv !== undefined ? `, ${String(kv)}` : ''})`,
        weights: Object.fromEntries(
          ['wq', 'wk', 'wv', 'wo', 'bq', 'bk', 'bv', 'bo'].map((w) => [
            w,
            { param: w, layout: 'same' as const },
          ]),
        ),
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
  },
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
