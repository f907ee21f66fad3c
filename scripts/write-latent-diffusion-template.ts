// Writes templates/latent-diffusion.json: latent diffusion (Rombach et al. 2022) on Fashion-MNIST in
// two stages. Stage 1 trains a KL-regularised autoencoder (28 x 28 x 1 <-> 7 x 7 x 4); stage 2
// freezes it and trains a caption-conditioned UNet on its latents, scaled to unit variance; the
// samplers' latents are decoded by the stage-1 decoder. The template is data; this script spares
// writing it by hand, from the modules of scripts/diffusion/. Run
//   node --import ./main/runtime/register.mjs scripts/write-latent-diffusion-template.ts
import type { DocEdge, DocNode, TesseraDocument } from '../core/document/document.types';
import { canonicalCaptions } from '../nodes/text/shared/caption-sets';
import { captionVocabulary, longestCaptionTokens } from '../nodes/text/shared/vocabulary';
import { klDecoderModule, klEncoderModule } from './diffusion/autoencoder-kl';
import { captionConditioning, samplerConditionEdges } from './diffusion/caption-conditioning';
import { adam, byId, call, e, n } from './diffusion/doc-builders';
import { LATENT_SCALE } from './diffusion/latent-scale';
import { resblockModule } from './diffusion/resblock';
import { linearSchedule, unetPorts } from './diffusion/schedule';
import { spatialTransformerModule } from './diffusion/spatial-transformer';
import { textEncoderModule } from './diffusion/text-encoder';
import { latentUnetModule } from './diffusion/unets';
import { writeTemplate } from './diffusion/write-template';

const CHANNELS = 4;
const KL_WEIGHT = 1e-5;
const length = longestCaptionTokens('fashion-mnist', 'word');
const vocab = captionVocabulary('fashion-mnist', 'word').tokens.length;
const prompts = canonicalCaptions('fashion-mnist');
const text = captionConditioning({
  set: 'fashion-mnist',
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
  clipX0: false,
  clipMin: -1,
  clipMax: 1,
  ...unetPorts,
  samplingSteps: 20,
  eta: 0,
};

/** Latents from a sampler output back to images: divide by the scale factor, then the decoder. */
const decodePath = (
  source: string,
  id: string,
  label: string,
  col: number,
  row: number,
): { nodes: DocNode[]; edges: DocEdge[] } => ({
  nodes: [
    n(
      `unscale-${id}`,
      'math/scale',
      `Latents / ${LATENT_SCALE}`,
      { factor: 1 / LATENT_SCALE, shift: 0 },
      col,
      row,
    ),
    n(`decode-${id}`, 'module/instance', label, call('decoder', {}, 'shared'), col + 1, row),
  ],
  edges: [e(source, `unscale-${id}.x`), e(`unscale-${id}.y`, `decode-${id}.z`)],
});

const decodes = [
  decodePath('sampler.samples', 'samples', 'Decoder (samples)', 8, 3),
  decodePath('sampler.strip', 'strip', 'Decoder (strip)', 8, 4),
  decodePath('sweep.samples', 'sweep', 'Decoder (sweep)', 8, 5),
];

const doc: TesseraDocument = {
  format: 'tessera.project',
  formatVersion: 2,
  appVersion: '0.2.0',
  name: 'Latent diffusion, text-conditional (Fashion-MNIST)',
  description:
    'Latent diffusion (Rombach et al. 2022) in two stages. Stage 1 trains a KL-regularised autoencoder on ' +
    'Fashion-MNIST: the Encoder gives the mean and log-variance of a 7 x 7 x 4 latent, a Diagonal Gaussian ' +
    `samples it (with a small KL weight, ${KL_WEIGHT}, against the reconstruction MSE) and the Decoder ` +
    'rebuilds the 28 x 28 image. Stage 2 freezes the autoencoder and trains a caption-conditioned UNet on ' +
    `its latents, multiplied by the scale factor ${LATENT_SCALE} (1 / the latents' standard deviation, ` +
    "measured after stage 1, as Stable Diffusion's 0.18215) so that the diffused data has unit variance: " +
    'each image gets a caption such as "a photo of a sneaker" or "a picture of an ankle boot", a Tokenizer ' +
    'and a small text encoder (trained with the UNet) turn it into the sequence the UNet cross-attends to, ' +
    'and Condition Dropout (10%) trains the unconditional model for classifier-free guidance. The DDIM ' +
    'sampler (20 steps, guidance 3) draws latents for one prompt per class; they are divided by the scale ' +
    'factor and decoded by the frozen Decoder. Previews: reconstructions (stage 1), samples with one row ' +
    'per caption, a denoising strip and a guidance sweep (w = 0, 1, 3, 5).',
  nodes: byId([
    n('data', 'data/fashion-mnist', 'Fashion-MNIST', { binarize: false, normalize: '0..1' }, 0, 0),
    n('enc', 'module/instance', 'Encoder', call('encoder', {}, 'shared'), 1, 0),
    n(
      'posterior',
      'diffusion/diagonal-gaussian',
      'Diagonal Gaussian (z, KL)',
      {
        evalOutput: 'mean',
        logvarMin: -30,
        logvarMax: 20,
      },
      2,
      0,
    ),
    n('dec', 'module/instance', 'Decoder', call('decoder', {}, 'shared'), 3, 0),
    n('rec', 'loss/mse', 'Reconstruction MSE', { weight: 1 }, 4, 0),
    n(
      'ae-loss',
      'math/weighted-sum',
      `MSE + ${KL_WEIGHT} KL`,
      { wa: 1, wb: KL_WEIGHT, wc: 1, wd: 1 },
      5,
      0,
    ),
    n('adam-ae', 'optimize/optimizer', 'Adam (autoencoder)', adam(0.001), 6, 0),
    n(
      'latent-scale',
      'math/scale',
      `Latents x ${LATENT_SCALE}`,
      { factor: LATENT_SCALE, shift: 0 },
      3,
      1,
    ),
    n(
      'q',
      'diffusion/diffusion-step',
      'Diffusion Step (q_sample)',
      { ...linearSchedule, prediction: 'eps' },
      4,
      1,
    ),
    ...text.nodes,
    n(
      'unet',
      'module/instance',
      'Latent UNet eps(z_t, t, caption)',
      call('latent-unet', {}, 'shared'),
      5,
      2,
    ),
    n('loss', 'loss/mse', 'Noise MSE', { weight: 1 }, 6, 2),
    n('adam', 'optimize/optimizer', 'Adam (UNet, text encoder)', adam(0.0005), 7, 2),
    n('unet-handle', 'module/handle', 'Latent UNet (model)', { module: 'latent-unet' }, 6, 3),
    n(
      'sampler',
      'diffusion/ddim-sampler',
      'DDIM Sampler (20 steps, w = 3)',
      { ...sampling, count: 4 * prompts.length, guidance: 3, stripFrames: 8, stripRows: 4 },
      7,
      3,
    ),
    n(
      'sweep',
      'diffusion/guidance-sweep',
      'Guidance Sweep (w = 0, 1, 3, 5)',
      { ...sampling, rows: 4, scales: [0, 1, 3, 5] },
      7,
      5,
    ),
    ...decodes.flatMap((d) => d.nodes),
  ]),
  edges: byId([
    e('data.image', 'enc.x'),
    e('enc.mean', 'posterior.mean'),
    e('enc.logvar', 'posterior.logvar'),
    e('posterior.z', 'dec.z'),
    e('dec.image', 'rec.prediction'),
    e('data.image', 'rec.target'),
    e('rec.loss', 'ae-loss.a'),
    e('posterior.kl', 'ae-loss.b'),
    e('ae-loss.sum', 'adam-ae.loss'),
    e('posterior.z', 'latent-scale.x'),
    e('latent-scale.y', 'q.x0'),
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
    ...decodes.flatMap((d) => d.edges),
  ]),
  modules: byId([
    klEncoderModule(CHANNELS),
    klDecoderModule(CHANNELS),
    latentUnetModule({ length, contextWidth: 64 }, CHANNELS),
    resblockModule(),
    spatialTransformerModule(7),
    textEncoderModule({ vocab, length }),
  ]),
  training: {
    seed: 1,
    batchSize: 32,
    checkpointEvery: 1000,
    stages: [
      {
        id: 'autoencoder',
        name: 'Stage 1: KL autoencoder',
        steps: 1500,
        objectives: [
          {
            id: 'ae',
            name: 'Reconstruction + KL',
            optimizer: 'adam-ae',
            updates: ['encoder', 'decoder'],
            every: 1,
            from: 0,
            clipGradNorm: 0,
          },
        ],
      },
      {
        id: 'latent-diffusion',
        name: 'Stage 2: latent denoising (autoencoder frozen)',
        steps: 4000,
        frozen: ['encoder', 'decoder'],
        objectives: [
          {
            id: 'denoise',
            name: 'Noise prediction',
            optimizer: 'adam',
            updates: ['latent-unet', 'text-encoder', 'cfg'],
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
      id: 'recon',
      kind: 'reconstruction',
      title: 'Stage 1 reconstructions (input | output)',
      sources: [
        { node: 'data', port: 'image' },
        { node: 'dec', port: 'image' },
      ],
      every: 100,
    },
    {
      id: 'kl',
      kind: 'scalar',
      title: 'KL of the latent (nats per image)',
      sources: [{ node: 'posterior', port: 'kl' }],
      every: 50,
    },
    {
      id: 'samples',
      kind: 'samples',
      title: 'Decoded DDIM samples (20 steps, guidance 3), one row per caption',
      sources: [{ node: 'decode-samples', port: 'image' }],
      every: 500,
    },
    {
      id: 'strip',
      kind: 'denoising-strip',
      title: 'Denoising strip: decoded x_t of four samples from noise to x0',
      sources: [{ node: 'decode-strip', port: 'image' }],
      every: 500,
    },
    {
      id: 'sweep',
      kind: 'guidance-sweep',
      title: 'Guidance sweep: w = 0, 1, 3, 5 on the same noise and caption',
      sources: [{ node: 'decode-sweep', port: 'image' }],
      every: 1000,
    },
  ]),
};

await writeTemplate('latent-diffusion', doc);
