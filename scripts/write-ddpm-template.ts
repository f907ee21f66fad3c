// Writes templates/ddpm.json: a caption-conditioned DDPM on MNIST ('the digit seven', 'a handwritten
// 7') whose denoiser is a small UNet of parameterised modules (ResBlock, Down, Up, SpatialTransformer
// with cross-attention to a text encoder trained with it). The template is data; this script spares
// writing ~2,500 lines of JSON by hand. The modules come from scripts/diffusion/. Run
//   node --import ./main/runtime/register.mjs scripts/write-ddpm-template.ts
import type { TesseraDocument } from '../core/document/document.types';
import { canonicalCaptions } from '../nodes/text/shared/caption-sets';
import { captionVocabulary, longestCaptionTokens } from '../nodes/text/shared/vocabulary';
import { captionConditioning, samplerConditionEdges } from './diffusion/caption-conditioning';
import { adam, byId, call, e, n } from './diffusion/doc-builders';
import { resblockModule } from './diffusion/resblock';
import { linearSchedule, unetPorts } from './diffusion/schedule';
import { spatialTransformerModule } from './diffusion/spatial-transformer';
import { textEncoderModule } from './diffusion/text-encoder';
import { downModule, upModule } from './diffusion/unet-stages';
import { pixelUnetModule } from './diffusion/unets';
import { writeTemplate } from './diffusion/write-template';

const length = longestCaptionTokens('mnist', 'word');
const vocab = captionVocabulary('mnist', 'word').tokens.length;
const prompts = canonicalCaptions('mnist');
const text = captionConditioning({
  set: 'mnist',
  labels: 'data.label',
  length,
  prompts,
  repeat: 1,
  col: 0,
});

const sampling = {
  ...linearSchedule,
  prediction: 'eps',
  seed: 1,
  clipX0: true,
  clipMin: -1,
  clipMax: 1,
  ...unetPorts,
  samplingSteps: 20,
  eta: 0,
};

const doc: TesseraDocument = {
  format: 'tessera.project',
  formatVersion: 2,
  appVersion: '0.2.0',
  name: 'DDPM, text-conditional (MNIST)',
  description:
    'Denoising diffusion (Ho et al. 2020) in pixel space on MNIST, conditioned on captions with ' +
    'classifier-free guidance (Ho & Salimans 2022): each digit gets a caption such as "the digit seven" or ' +
    '"a handwritten 7" (Class Captions, five phrasings per class, seeded), a Tokenizer turns it into word ids ' +
    'and a padding mask, and a small text encoder (Embedding, learned positions, one transformer block) ' +
    'trained with the UNet turns them into a sequence the UNet cross-attends to. Images scaled to [-1, 1] ' +
    'are noised at a random timestep of a 1000-step linear schedule (Diffusion Step) and the UNet predicts ' +
    'the noise from x_t, t and the caption (MSE loss, Adam). The UNet is built from modules you can open: ' +
    'ResBlock (one module at widths 32 and 64), Down and Up stages, and a SpatialTransformer at 7 x 7 with ' +
    'self-attention and cross-attention to the caption, as in Stable Diffusion. Condition Dropout replaces ' +
    '10% of the captions by a learned null sequence, so one network is also the unconditional model. ' +
    'Previews: DDIM samples (20 steps, guidance 3) with one row per digit caption, a denoising strip of ' +
    'four samples, and a guidance sweep (w = 0, 1, 3, 5 on the same noise and caption).',
  nodes: byId([
    n('data', 'data/mnist', 'MNIST', { binarize: false, normalize: '0..1' }, 0, 0),
    n('scale', 'math/scale', 'x0 = 2x - 1', { factor: 2, shift: -1 }, 1, 0),
    n(
      'q',
      'diffusion/diffusion-step',
      'Diffusion Step (q_sample)',
      { ...linearSchedule, prediction: 'eps' },
      2,
      0,
    ),
    ...text.nodes,
    n('unet', 'module/instance', 'UNet eps(x_t, t, caption)', call('unet', {}, 'shared'), 5, 1),
    n('loss', 'loss/mse', 'Noise MSE', { weight: 1 }, 6, 1),
    n('adam', 'optimize/optimizer', 'Adam', adam(0.0005), 7, 1),
    n('unet-handle', 'module/handle', 'UNet (model)', { module: 'unet' }, 5, 3),
    n(
      'sampler',
      'diffusion/ddim-sampler',
      'DDIM Sampler (20 steps, w = 3)',
      { ...sampling, count: 2 * prompts.length, guidance: 3, stripFrames: 8, stripRows: 4 },
      6,
      3,
    ),
    n(
      'sweep',
      'diffusion/guidance-sweep',
      'Guidance Sweep (w = 0, 1, 3, 5)',
      { ...sampling, rows: 4, scales: [0, 1, 3, 5] },
      6,
      5,
    ),
  ]),
  edges: byId([
    e('data.image', 'scale.x'),
    e('scale.y', 'q.x0'),
    ...text.edges,
    e('q.xt', 'unet.x'),
    e('q.t', 'unet.t'),
    e('cfg.y', 'unet.c'),
    e('cfg.mask', 'unet.mask'),
    e('unet.eps', 'loss.prediction'),
    e('q.target', 'loss.target'),
    e('loss.loss', 'adam.loss'),
    e('unet-handle.model', 'sampler.model'),
    ...samplerConditionEdges('sampler'),
    e('unet-handle.model', 'sweep.model'),
    ...samplerConditionEdges('sweep'),
  ]),
  modules: byId([
    pixelUnetModule({ length, contextWidth: 64 }),
    resblockModule(),
    downModule(),
    upModule(),
    spatialTransformerModule(7),
    textEncoderModule({ vocab, length }),
  ]),
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
            updates: ['unet', 'text-encoder', 'cfg'],
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
      title: 'DDIM samples (20 steps, guidance 3), one row per caption',
      sources: [{ node: 'sampler', port: 'samples' }],
      every: 500,
    },
    {
      id: 'strip',
      kind: 'denoising-strip',
      title: 'Denoising strip: x_t of four samples from noise to x0',
      sources: [{ node: 'sampler', port: 'strip' }],
      every: 500,
    },
    {
      id: 'sweep',
      kind: 'guidance-sweep',
      title: 'Guidance sweep: w = 0, 1, 3, 5 on the same noise and caption',
      sources: [{ node: 'sweep', port: 'samples' }],
      every: 1000,
    },
  ]),
};

await writeTemplate('ddpm', doc);
