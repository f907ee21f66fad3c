// PyTorch forms of VQGAN's nodes (tessera_torch/vqgan.py): the 2-D self-attention block, the
// transformer nodes (LayerNorm, token embedding, GPT block, GPT prior), the PatchGAN, the
// decoder's last layer with the adaptive GAN weight and the codebook lookup. Weights keep the
// app's names: a GPT block's 'attn.wq' is the submodule path attn.wq, a prior's 'h0.attn.wq'
// h0.attn.wq; the PatchGAN's 'conv0.kernel' becomes conv0_kernel.
import {
  channels,
  num,
  py,
  sameLayoutWeights,
  str,
  type TorchForm,
  type TorchFormContext,
} from './torch-form';

const ATTENTION = ['wq', 'wk', 'wv', 'wo', 'bq', 'bk', 'bv', 'bo'];

/** gpt-block.layer.ts flattenGptBlockWeights: the block's weights under a prefix. */
const gptBlockWeights = (prefix: string): string[] => [
  ...['ln1Gain', 'ln1Bias'].map((w) => `${prefix}${w}`),
  ...ATTENTION.map((w) => `${prefix}attn.${w}`),
  ...['ln2Gain', 'ln2Bias', 'w1', 'b1', 'w2', 'b2'].map((w) => `${prefix}${w}`),
];

/** patchgan-discriminator.layer.ts: conv<i>.kernel, then conv<i>.bias or norm<i>.gain/shift. */
const patchganWeights = (layers: number, norm: string): string[] => {
  const normed = (i: number): boolean => norm === 'batch' && i >= 1 && i <= layers;
  return Array.from({ length: layers + 2 }, (_, i) => [
    `conv${i}.kernel`,
    ...(normed(i) ? [`norm${i}.gain`, `norm${i}.shift`] : [`conv${i}.bias`]),
  ]).flat();
};

const dimOf = (ctx: TorchFormContext, port: string, axis: number): string => {
  const d = ctx.input(port)?.shape[axis];
  return typeof d === 'number' ? String(d) : 'None';
};

/** Mirror mode of the lookup (as codebook-lookup.layer.ts decides): no codebook input, a known code dim. */
const mirrors = (ctx: TorchFormContext): boolean =>
  ctx.input('codebook') === undefined &&
  dimOf(ctx, 'quantized', 3) !== 'None' &&
  num(ctx.node, 'codebookSize') > 0;

export const vqganForms: Record<string, TorchForm> = {
  'attention/self-attention-2d': {
    kind: 'op',
    layer: (ctx) => ({
      module: `VG.SelfAttention2d(${channels(ctx) ?? 'None'}, ${num(ctx.node, 'groups')})`,
      weights: sameLayoutWeights([
        'normGain',
        'normBias',
        'wq',
        'wk',
        'wv',
        'bq',
        'bk',
        'bv',
        'wo',
        'bo',
      ]),
    }),
    forward: (i, ctx) => ({ tuple: `${ctx.self}(${i['x']})`, ports: ['y', 'attention'] }),
  },
  'transformer/layer-norm': {
    kind: 'op',
    layer: (ctx) => ({
      module: `L.LayerNorm(${channels(ctx) ?? 'None'}, ${py(num(ctx.node, 'eps'))})`,
      weights: {
        gain: { param: 'gamma', layout: 'same' },
        bias: { param: 'beta', layout: 'same' },
      },
    }),
    forward: (i, ctx) => ({ outputs: { y: `${ctx.self}(${i['x']})` } }),
  },
  'transformer/token-embedding': {
    kind: 'op',
    layer: (ctx) => ({
      module: `VG.TokenEmbedding(${num(ctx.node, 'vocabSize')}, ${num(ctx.node, 'dim')}, ${num(ctx.node, 'maxLength')})`,
      weights: sameLayoutWeights(['tokens', 'positions']),
    }),
    forward: (i, ctx) => ({ outputs: { embeddings: `${ctx.self}(${i['tokens']})` } }),
  },
  'transformer/gpt-block': {
    kind: 'op',
    layer: (ctx) => ({
      module: `VG.GptBlock(${dimOf(ctx, 'x', 2)}, ${num(ctx.node, 'heads')}, ${num(ctx.node, 'mlpRatio')})`,
      weights: sameLayoutWeights(gptBlockWeights('')),
    }),
    forward: (i, ctx) => ({ tuple: `${ctx.self}(${i['x']})`, ports: ['y', 'attention'] }),
  },
  'transformer/gpt-prior': {
    kind: 'op',
    layer: (ctx) => {
      const n = ctx.node;
      const layers = num(n, 'layers');
      return {
        module: `VG.GptPrior(${num(n, 'codebookSize')}, ${num(n, 'dim')}, ${layers}, ${num(n, 'heads')}, ${num(n, 'mlpRatio')}, ${num(n, 'maxLength')})`,
        weights: sameLayoutWeights([
          'embed.tokens',
          'embed.positions',
          ...Array.from({ length: layers }, (_, i) => gptBlockWeights(`h${i}.`)).flat(),
          'lnf.gain',
          'lnf.bias',
          'head',
        ]),
      };
    },
    forward: (i, ctx) => ({
      tuple: `${ctx.self}(${i['codes']})`,
      ports: ['logits', 'nll', 'attention'],
    }),
  },
  'vqgan/patchgan-discriminator': {
    kind: 'op',
    layer: (ctx) => {
      const n = ctx.node;
      const layers = num(n, 'layers');
      const norm = str(n, 'norm');
      return {
        module: `VG.PatchGan(${channels(ctx, 'image') ?? 'None'}, ${num(n, 'baseChannels')}, ${layers}, ${py(norm)})`,
        weights: sameLayoutWeights(patchganWeights(layers, norm), (w) => w.replace('.', '_')),
      };
    },
    forward: (i, ctx) => ({ tuple: `${ctx.self}(${i['image']})`, ports: ['logits', 'scores'] }),
  },
  'vqgan/adaptive-weight': {
    kind: 'op',
    layer: (ctx) => {
      const n = ctx.node;
      const args = [
        channels(ctx, 'features') ?? 'None',
        num(n, 'outChannels'),
        num(n, 'kernel'),
        py(str(n, 'inputActivation')),
        py(str(n, 'outActivation')),
        num(n, 'discStart'),
        py(num(n, 'discWeight')),
        py(num(n, 'maxWeight')),
        py(num(n, 'eps')),
      ];
      return {
        module: `VG.AdaptiveWeight(${args.join(', ')})`,
        weights: sameLayoutWeights(['kernel', 'bias']),
        state: { lambda: 'lam' },
      };
    },
    forward: (i, ctx) => ({
      tuple: `${ctx.self}(${i['features']}, sampler)`,
      ports: ['image', 'imageForDisc', 'lambda'],
    }),
  },
  'vqgan/codebook-lookup': {
    kind: 'op',
    layer: (ctx) => {
      const mirror = mirrors(ctx);
      return {
        module: `VG.CodebookLookup(${num(ctx.node, 'codebookSize')}, ${dimOf(ctx, 'quantized', 3)}, ${py(mirror)})`,
        weights: {},
        ...(mirror ? { state: { mirror: 'mirror', seen: 'seen' } } : {}),
      };
    },
    forward: (i, ctx) => {
      const args = [
        i['indices'] ?? 'None',
        ...(i['codebook'] ? [`codebook=${i['codebook']}`] : []),
        ...(i['quantized'] ? [`quantized=${i['quantized']}`] : []),
        ...(i['sourceIndices'] ? [`source=${i['sourceIndices']}`] : []),
      ];
      return { outputs: { quantized: `${ctx.self}(${args.join(', ')})` } };
    },
  },
};
