// Writes templates/ddpm.json: a class-conditional DDPM on MNIST whose denoiser is a small UNet
// built as parameterised modules of primitives (ResBlock, Down, Up, SpatialTransformer, UNet).
// The template is data; this script only spares writing ~2,000 lines of JSON by hand. Run
//   node --import ./main/runtime/register.mjs scripts/write-ddpm-template.ts && npx prettier --write templates/ddpm.json
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  DocEdge,
  DocModule,
  DocNode,
  ModuleParamDecl,
  TesseraDocument,
} from '../core/document/document.types';
import type { ParamValue } from '../core/node-contract/param-spec';

type P = Record<string, ParamValue>;

/** Nodes laid out on a grid: col, row in units of 220 x 160 px. */
const n = (id: string, type: string, label: string, params: P, col: number, row = 0): DocNode => ({
  id,
  type,
  typeVersion: 1,
  label,
  params,
  position: { x: col * 220, y: row * 160 },
});

const e = (from: string, to: string): DocEdge => {
  const [sn, sp] = [from.slice(0, from.lastIndexOf('.')), from.slice(from.lastIndexOf('.') + 1)];
  const [tn, tp] = [to.slice(0, to.lastIndexOf('.')), to.slice(to.lastIndexOf('.') + 1)];
  return { id: `${from}->${to}`, source: { node: sn, port: sp }, target: { node: tn, port: tp } };
};

const byId = <T extends { id: string }>(xs: T[]): Record<string, T> =>
  Object.fromEntries(xs.map((x) => [x.id, x]));

const mod = (
  id: string,
  name: string,
  doc: string,
  params: Record<string, ModuleParamDecl>,
  nodes: DocNode[],
  edges: DocEdge[],
): DocModule => ({ id, name, doc, params, nodes: byId(nodes), edges: byId(edges) });

const input = (id: string, name: string, col: number, row: number, shape = '', dtype = 'float32') =>
  n(id, 'module/input', name, { name, shape, dtype }, col, row);
const output = (id: string, name: string, col: number, row: number) =>
  n(id, 'module/output', name, { name }, col, row);
const conv = (filters: ParamValue, kernel: number, stride = 1, init = 'he-normal'): P => ({
  filters,
  kernel,
  stride,
  padding: 'same',
  dilation: 1,
  bias: true,
  init,
});
const dense = (units: ParamValue, init = 'glorot-uniform'): P => ({ units, bias: true, init });
const gn = (groups: ParamValue): P => ({ groups, eps: 1e-5 });
const call = (module: string, values: P = {}, weights = 'copy'): P => ({
  module,
  weights,
  emaDecay: 0.999,
  ...values,
});

const width = (def: number, doc: string): ModuleParamDecl => ({
  kind: 'int',
  default: def,
  min: 1,
  max: 4096,
  doc,
});
const groups: ModuleParamDecl = {
  kind: 'int',
  default: 8,
  min: 1,
  max: 512,
  doc: 'GroupNorm groups; must divide width.',
};

// ResBlock(width, groups): x [B,H,W,width], temb [B,E] -> y [B,H,W,width].
const resblock = mod(
  'resblock',
  'ResBlock',
  'Residual block of the DDPM UNet (Ho et al. 2020, the Wide ResNet block of PixelCNN++ with a timestep ' +
    'input): h = Conv3x3(SiLU(GroupNorm(x))) + Dense(SiLU(temb)) broadcast over H and W; ' +
    'y = x + Conv3x3(SiLU(GroupNorm(h))). x must already have width channels (the Down and Up stages put a ' +
    'stride-2 or 1x1 Conv2D in front), so the skip is the identity; groups must divide width. One module ' +
    'serves every level of the UNet: each instance sets its own width and owns its weights. diffusers: ' +
    'ResnetBlock2D (without the conv_shortcut).',
  {
    width: width(32, 'Channels of x, of both convolutions and of y.'),
    groups,
  },
  [
    input('x', 'x', 0, 0),
    input('temb', 'temb', 0, 2),
    n('norm1', 'normalization/group-norm', 'GroupNorm 1', gn('=groups'), 1, 0),
    n('act1', 'activation/silu', 'SiLU', {}, 2, 0),
    n('conv1', 'layers/conv2d', 'Conv 3x3 (width)', conv('=width', 3), 3, 0),
    n('temb-act', 'activation/silu', 'SiLU', {}, 1, 2),
    n('temb-proj', 'layers/dense', 'Dense (width)', dense('=width'), 2, 2),
    n('temb-reshape', 'shape/reshape', 'Reshape B x 1 x 1 x width', { shape: 'B, 1, 1, -1' }, 3, 2),
    n('add-temb', 'math/add', 'h + temb', {}, 4, 0),
    n('norm2', 'normalization/group-norm', 'GroupNorm 2', gn('=groups'), 5, 0),
    n('act2', 'activation/silu', 'SiLU', {}, 6, 0),
    n('conv2', 'layers/conv2d', 'Conv 3x3 (width)', conv('=width', 3), 7, 0),
    n('skip', 'math/add', 'x + h', {}, 8, 1),
    output('y', 'y', 9, 1),
  ],
  [
    e('x.value', 'norm1.x'),
    e('norm1.y', 'act1.x'),
    e('act1.y', 'conv1.x'),
    e('temb.value', 'temb-act.x'),
    e('temb-act.y', 'temb-proj.x'),
    e('temb-proj.y', 'temb-reshape.x'),
    e('conv1.y', 'add-temb.a'),
    e('temb-reshape.y', 'add-temb.b'),
    e('add-temb.y', 'norm2.x'),
    e('norm2.y', 'act2.x'),
    e('act2.y', 'conv2.x'),
    e('conv2.y', 'skip.a'),
    e('x.value', 'skip.b'),
    e('skip.y', 'y.value'),
  ],
);

// Down(width): x [B,H,W,width] -> skip [B,H,W,width], y [B,H/2,W/2,2 width].
const down = mod(
  'down',
  'Down stage',
  'UNet encoder stage: a ResBlock of width channels (its output is the skip for the matching Up stage), ' +
    'then a 3x3 Conv2D of stride 2 to 2 x width channels halves H and W. x must have width channels.',
  { width: width(32, 'Channels of x and skip; y has twice as many.'), groups },
  [
    input('x', 'x', 0, 0),
    input('temb', 'temb', 0, 1),
    n(
      'res',
      'module/instance',
      'ResBlock (width)',
      call('resblock', { width: '=width', groups: '=groups' }),
      1,
      0,
    ),
    n(
      'downsample',
      'layers/conv2d',
      'Conv 3x3, stride 2 (2 x width)',
      conv('=width * 2', 3, 2),
      2,
      0,
    ),
    output('skip', 'skip', 3, 1),
    output('y', 'y', 3, 0),
  ],
  [
    e('x.value', 'res.x'),
    e('temb.value', 'res.temb'),
    e('res.y', 'downsample.x'),
    e('res.y', 'skip.value'),
    e('downsample.y', 'y.value'),
  ],
);

// Up(width): x [B,H/2,W/2,C], skip [B,H,W,width] -> y [B,H,W,width].
const up = mod(
  'up',
  'Up stage',
  'UNet decoder stage: nearest Upsample doubles H and W of x, Concat joins the skip of the matching Down ' +
    'stage on the channels, a 1x1 Conv2D brings them to width, then a ResBlock of width channels.',
  { width: width(32, 'Channels of skip and y.'), groups },
  [
    input('x', 'x', 0, 0),
    input('skip', 'skip', 0, 1),
    input('temb', 'temb', 0, 2),
    n('upsample', 'resample/upsample', 'Upsample x2', { factor: 2, mode: 'nearest' }, 1, 0),
    n('concat', 'shape/concat', 'Concat skip', { axis: -1 }, 2, 0),
    n('proj', 'layers/conv2d', 'Conv 1x1 (width)', conv('=width', 1), 3, 0),
    n(
      'res',
      'module/instance',
      'ResBlock (width)',
      call('resblock', { width: '=width', groups: '=groups' }),
      4,
      0,
    ),
    output('y', 'y', 5, 0),
  ],
  [
    e('x.value', 'upsample.x'),
    e('upsample.y', 'concat.a'),
    e('skip.value', 'concat.b'),
    e('concat.y', 'proj.x'),
    e('proj.y', 'res.x'),
    e('temb.value', 'res.temb'),
    e('res.y', 'y.value'),
  ],
);

// SpatialTransformer(width, heads): x [B,7,7,width], c [B,D] -> y [B,7,7,width].
const transformer = mod(
  'spatial-transformer',
  'SpatialTransformer',
  'The attention block of the Stable Diffusion UNet (Rombach et al. 2022), on a 7 x 7 grid: GroupNorm, ' +
    'Reshape to 49 tokens, then pre-norm self-attention, cross-attention to the condition (queries from the ' +
    'image tokens, keys and values from c as a sequence of one token) and a GELU feed-forward, each with a ' +
    'residual, Reshape back and add x. With one condition token the cross-attention adds a learned ' +
    'projection of c to every token; a caption of several tokens would make it attend. diffusers: ' +
    'Transformer2DModel with BasicTransformerBlock (no proj_in / proj_out).',
  {
    width: width(64, 'Channels of x and y (the token width).'),
    heads: {
      kind: 'int',
      default: 4,
      min: 1,
      max: 64,
      doc: 'Attention heads; must divide width.',
    },
    groups,
  },
  [
    input('x', 'x', 0, 0),
    input('c', 'c', 0, 2),
    n('norm', 'normalization/group-norm', 'GroupNorm', gn('=groups'), 1, 0),
    n('tokens', 'shape/reshape', 'Reshape to 49 tokens', { shape: 'B, 49, -1' }, 2, 0),
    n('ln1', 'normalization/layer-norm', 'LayerNorm', { eps: 1e-5 }, 3, 1),
    n(
      'self-attn',
      'attention/multi-head-attention',
      'Self-attention',
      { heads: '=heads', causal: false },
      4,
      1,
    ),
    n('add1', 'math/add', '+ self-attention', {}, 5, 0),
    n('context', 'shape/reshape', 'Condition as 1 token', { shape: 'B, 1, -1' }, 1, 2),
    n('ln2', 'normalization/layer-norm', 'LayerNorm', { eps: 1e-5 }, 6, 1),
    n(
      'cross-attn',
      'attention/multi-head-attention',
      'Cross-attention to c',
      { heads: '=heads', causal: false },
      7,
      1,
    ),
    n('add2', 'math/add', '+ cross-attention', {}, 8, 0),
    n('ln3', 'normalization/layer-norm', 'LayerNorm', { eps: 1e-5 }, 9, 1),
    n('ff1', 'layers/dense', 'Dense (4 x width)', dense('=width * 4'), 10, 1),
    n('gelu', 'activation/gelu', 'GELU', { approximate: 'none' }, 11, 1),
    n('ff2', 'layers/dense', 'Dense (width)', dense('=width'), 12, 1),
    n('add3', 'math/add', '+ feed-forward', {}, 13, 0),
    n('grid', 'shape/reshape', 'Reshape to 7 x 7', { shape: 'B, 7, 7, -1' }, 14, 0),
    n('residual', 'math/add', 'x + h', {}, 15, 0),
    output('y', 'y', 16, 0),
  ],
  [
    e('x.value', 'norm.x'),
    e('norm.y', 'tokens.x'),
    e('tokens.y', 'ln1.x'),
    e('ln1.y', 'self-attn.x'),
    e('tokens.y', 'add1.a'),
    e('self-attn.y', 'add1.b'),
    e('add1.y', 'ln2.x'),
    e('c.value', 'context.x'),
    e('ln2.y', 'cross-attn.x'),
    e('context.y', 'cross-attn.context'),
    e('add1.y', 'add2.a'),
    e('cross-attn.y', 'add2.b'),
    e('add2.y', 'ln3.x'),
    e('ln3.y', 'ff1.x'),
    e('ff1.y', 'gelu.x'),
    e('gelu.y', 'ff2.x'),
    e('add2.y', 'add3.a'),
    e('ff2.y', 'add3.b'),
    e('add3.y', 'grid.x'),
    e('grid.y', 'residual.a'),
    e('x.value', 'residual.b'),
    e('residual.y', 'y.value'),
  ],
);

// UNet(width): x [B,28,28,1], t int32 [B], c [B,64] -> eps [B,28,28,1].
const unet = mod(
  'unet',
  'UNet',
  'The denoiser eps(x_t, t, c): a UNet (Ronneberger et al. 2015) as in DDPM (Ho et al. 2020) with the ' +
    'cross-attention conditioning of Stable Diffusion (Rombach et al. 2022), kept small for a CPU. Time ' +
    'embedding: Sinusoidal(t) -> Dense -> SiLU -> Dense (2 x width), fed to every ResBlock. 28 x 28: a 3x3 ' +
    'Conv2D in (width / 2 channels) and a stride-2 Conv2D to width; 14 x 14: a Down stage (ResBlock of width, ' +
    'stride-2 Conv2D to 2 x width); 7 x 7: ResBlock, SpatialTransformer (self-attention and cross-attention ' +
    'to the class embedding c), ResBlock, all of 2 x width; then an Up stage back to 14 x 14 (with the ' +
    'skip), Upsample to 28 x 28, Concat with the input conv, a 1x1 Conv2D, GroupNorm, SiLU and a 3x3 ' +
    'Conv2D to the predicted noise. The ResBlock module serves both levels at its own width (32 and 64 by ' +
    'default); the 28 x 28 level has no ResBlock, which keeps a training step on a CPU well under a second.',
  {
    width: width(
      32,
      'Channels at 14 x 14 (and of the time embedding: 2 x width); width / 2 at 28 x 28, 2 x width at 7 x 7.',
    ),
    groups,
    heads: {
      kind: 'int',
      default: 4,
      min: 1,
      max: 64,
      doc: 'Attention heads at 7 x 7; must divide 2 x width.',
    },
  },
  [
    input('x', 'x', 0, 0, 'B, 28, 28, 1', 'float32'),
    input('t', 't', 0, 3, 'B', 'int32'),
    input('c', 'c', 0, 4, 'B, 64', 'float32'),
    n(
      'temb-sin',
      'position/sinusoidal',
      'Sinusoidal(t)',
      { dim: '=width', maxPeriod: 10000 },
      1,
      3,
    ),
    n('temb-dense1', 'layers/dense', 'Dense (2 x width)', dense('=width * 2'), 2, 3),
    n('temb-act', 'activation/silu', 'SiLU', {}, 3, 3),
    n('temb-dense2', 'layers/dense', 'Dense (2 x width)', dense('=width * 2'), 4, 3),
    n('conv-in', 'layers/conv2d', 'Conv 3x3 in (width / 2)', conv('=width // 2', 3), 1, 0),
    n('down28', 'layers/conv2d', 'Conv 3x3, stride 2 (width)', conv('=width', 3, 2), 2, 0),
    n(
      'down14',
      'module/instance',
      'Down 14 -> 7',
      call('down', { width: '=width', groups: '=groups' }),
      3,
      0,
    ),
    n(
      'mid1',
      'module/instance',
      'ResBlock 7 x 7',
      call('resblock', { width: '=width * 2', groups: '=groups' }),
      4,
      0,
    ),
    n(
      'mid-attn',
      'module/instance',
      'SpatialTransformer 7 x 7',
      call('spatial-transformer', { width: '=width * 2', heads: '=heads', groups: '=groups' }),
      5,
      0,
    ),
    n(
      'mid2',
      'module/instance',
      'ResBlock 7 x 7',
      call('resblock', { width: '=width * 2', groups: '=groups' }),
      6,
      0,
    ),
    n(
      'up14',
      'module/instance',
      'Up 7 -> 14',
      call('up', { width: '=width', groups: '=groups' }),
      7,
      0,
    ),
    n('up28', 'resample/upsample', 'Upsample x2', { factor: 2, mode: 'nearest' }, 8, 0),
    n('concat28', 'shape/concat', 'Concat input conv', { axis: -1 }, 9, 0),
    n('conv28', 'layers/conv2d', 'Conv 1x1 (width / 2)', conv('=width // 2', 1), 10, 0),
    n('norm-out', 'normalization/group-norm', 'GroupNorm', gn('=groups'), 11, 0),
    n('act-out', 'activation/silu', 'SiLU', {}, 12, 0),
    n('conv-out', 'layers/conv2d', 'Conv 3x3 out (1)', conv(1, 3, 1, 'normal-0.02'), 13, 0),
    output('eps', 'eps', 14, 0),
  ],
  [
    e('t.value', 'temb-sin.t'),
    e('temb-sin.emb', 'temb-dense1.x'),
    e('temb-dense1.y', 'temb-act.x'),
    e('temb-act.y', 'temb-dense2.x'),
    e('x.value', 'conv-in.x'),
    e('conv-in.y', 'down28.x'),
    e('down28.y', 'down14.x'),
    e('temb-dense2.y', 'down14.temb'),
    e('down14.y', 'mid1.x'),
    e('temb-dense2.y', 'mid1.temb'),
    e('mid1.y', 'mid-attn.x'),
    e('c.value', 'mid-attn.c'),
    e('mid-attn.y', 'mid2.x'),
    e('temb-dense2.y', 'mid2.temb'),
    e('mid2.y', 'up14.x'),
    e('down14.skip', 'up14.skip'),
    e('temb-dense2.y', 'up14.temb'),
    e('up14.y', 'up28.x'),
    e('up28.y', 'concat28.a'),
    e('conv-in.y', 'concat28.b'),
    e('concat28.y', 'conv28.x'),
    e('conv28.y', 'norm-out.x'),
    e('norm-out.y', 'act-out.x'),
    e('act-out.y', 'conv-out.x'),
    e('conv-out.y', 'eps.value'),
  ],
);

const schedule = {
  schedule: 'linear',
  steps: 1000,
  betaStart: 0.0001,
  betaEnd: 0.02,
  cosineS: 0.008,
};

const doc: TesseraDocument = {
  format: 'tessera.project',
  formatVersion: 2,
  appVersion: '0.2.0',
  name: 'DDPM, class-conditional (MNIST)',
  description:
    'Denoising diffusion (Ho et al. 2020) on MNIST with classifier-free guidance (Ho & Salimans 2022): images ' +
    'scaled to [-1, 1] are noised at a random timestep of a 1000-step linear schedule (Diffusion Step), and a ' +
    'UNet predicts the noise from x_t, t and the class (MSE loss, Adam). The UNet is built from modules you can ' +
    'open: ResBlock (one module at widths 32 and 64), Down and Up stages, and a SpatialTransformer at 7 x 7 ' +
    'with self-attention and cross-attention to the class embedding, as in Stable Diffusion. Condition Dropout ' +
    'replaces 10% of the class embeddings by a learned null embedding, so one network is both the conditional ' +
    'and the unconditional model; the DDIM sampler (20 steps, eta 0, guidance 3, fixed seed) draws one sample ' +
    'per digit of the fixed test batch shown beside it, and a denoising strip of the first.',
  nodes: byId([
    n('data', 'data/mnist', 'MNIST', { binarize: false, normalize: '0..1' }, 0, 0),
    n('scale', 'math/scale', 'x0 = 2x - 1', { factor: 2, shift: -1 }, 1, 0),
    n(
      'q',
      'diffusion/diffusion-step',
      'Diffusion Step (q_sample)',
      { ...schedule, prediction: 'eps' },
      2,
      0,
    ),
    n(
      'class-emb',
      'layers/embedding',
      'Class embedding (10)',
      { vocabSize: 10, dim: 64, init: 'normal-1' },
      1,
      2,
    ),
    n('cfg', 'diffusion/condition-dropout', 'Condition Dropout (10%)', { p: 0.1 }, 2, 2),
    n('unet', 'module/instance', 'UNet eps(x_t, t, c)', call('unet', {}, 'shared'), 3, 1),
    n('loss', 'loss/mse', 'Noise MSE', { weight: 1 }, 4, 1),
    n(
      'adam',
      'optimize/optimizer',
      'Adam',
      {
        algorithm: 'adam',
        lr: 0.0005,
        beta1: 0.9,
        beta2: 0.999,
        epsilon: 1e-8,
        momentum: 0,
        weightDecay: 0,
        clipGradNorm: 0,
        clipWeights: 0,
      },
      5,
      1,
    ),
    n('unet-handle', 'module/handle', 'UNet (model)', { module: 'unet' }, 3, 3),
    n(
      'sampler',
      'diffusion/ddim-sampler',
      'DDIM Sampler (20 steps, w = 3)',
      {
        count: 16,
        ...schedule,
        prediction: 'eps',
        guidance: 3,
        seed: 1,
        clipX0: true,
        clipMin: -1,
        clipMax: 1,
        stripFrames: 8,
        inputName: 'x',
        timestepName: 't',
        conditionName: 'c',
        outputName: 'eps',
        samplingSteps: 20,
        eta: 0,
      },
      4,
      3,
    ),
  ]),
  edges: byId([
    e('data.image', 'scale.x'),
    e('scale.y', 'q.x0'),
    e('data.label', 'class-emb.indices'),
    e('class-emb.y', 'cfg.condition'),
    e('q.xt', 'unet.x'),
    e('q.t', 'unet.t'),
    e('cfg.y', 'unet.c'),
    e('unet.eps', 'loss.prediction'),
    e('q.target', 'loss.target'),
    e('loss.loss', 'adam.loss'),
    e('unet-handle.model', 'sampler.model'),
    e('class-emb.y', 'sampler.condition'),
    e('cfg.null', 'sampler.nullCondition'),
  ]),
  modules: byId([unet, resblock, down, up, transformer]),
  training: {
    seed: 1,
    batchSize: 32,
    checkpointEvery: 1000,
    stages: [
      {
        id: 'train',
        name: 'Denoising',
        steps: 4000,
        objectives: [
          {
            id: 'denoise',
            name: 'Noise prediction',
            optimizer: 'adam',
            updates: ['unet', 'class-emb', 'cfg'],
            every: 1,
            from: 0,
            clipGradNorm: 1,
          },
        ],
      },
    ],
  },
  previews: byId([
    {
      id: 'samples',
      kind: 'samples',
      title: 'DDIM samples (20 steps, guidance 3), one per test digit',
      sources: [{ node: 'sampler', port: 'samples' }],
      every: 250,
    },
    {
      id: 'conditions',
      kind: 'image-grid',
      title: 'Test digits whose classes condition the samples',
      sources: [{ node: 'data', port: 'image' }],
      every: 4000,
    },
    {
      id: 'strip',
      kind: 'denoising-strip',
      title: 'Denoising strip of the first sample (noise to x0)',
      sources: [{ node: 'sampler', port: 'strip' }],
      every: 250,
    },
  ]),
};

const here = path.dirname(fileURLToPath(import.meta.url));
writeFileSync(path.join(here, '..', 'templates', 'ddpm.json'), `${JSON.stringify(doc, null, 2)}\n`);
