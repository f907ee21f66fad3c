// Writes templates/simclr.json and templates/masked-pretraining.json: self-supervised pre-training
// of one conv encoder on Fashion-MNIST (SimCLR's contrastive loss on two augmented views, or the
// reconstruction of hidden patches), then a linear probe on the frozen encoder's features. The
// templates are data; the modules come from scripts/ssl/. Run
//   node --import ./main/runtime/register.mjs scripts/write-ssl-templates.ts
import type { TesseraDocument } from '../core/document/document.types';
import { adam, byId, call, e, n } from './diffusion/doc-builders';
import { writeTemplate } from './diffusion/write-template';
import { probeEdges, probeNodes, probeStage } from './ssl/probe-stage';
import { projectionModule, sslDecoderModule, sslEncoderModule } from './ssl/ssl-modules';

const WIDTH = 256;
const data = n(
  'data',
  'data/fashion-mnist',
  'Fashion-MNIST',
  { binarize: false, normalize: '0..1' },
  0,
  0,
);
const view = (seed: number) => ({
  scaleMin: 0.3,
  scaleMax: 1,
  ratioMin: 0.75,
  ratioMax: 4 / 3,
  flip: 0.5,
  noiseStd: 0.05,
  brightness: 0.1,
  size: 0,
  seed,
});

const simclr: TesseraDocument = {
  format: 'tessera.project',
  formatVersion: 2,
  appVersion: '0.2.0',
  name: 'SimCLR + linear probe (Fashion-MNIST)',
  description:
    'Contrastive self-supervised learning (SimCLR, Chen et al. 2020) on Fashion-MNIST without labels, then ' +
    'the linear evaluation protocol. Stage 1: two Augment nodes (random resized crop, flip, brightness, noise; ' +
    'seeds 1 and 2) make two views of each image; both go through ONE Encoder module (two instances with ' +
    'shared weights, as calling one nn.Module twice) and one projection head; the NT-Xent loss (temperature ' +
    '0.5) asks each view to find its partner among the 2N - 1 other views of the batch. Stage 2: the encoder ' +
    'is frozen and a Linear Probe (softmax regression on the 256 features h) learns the 10 labels. Previews: ' +
    'the two views side by side, the contrastive loss and pair accuracy.',
  nodes: byId([
    data,
    n('aug-a', 'ssl/augment', 'Augment (view 1, seed 1)', view(1), 1, 0),
    n('aug-b', 'ssl/augment', 'Augment (view 2, seed 2)', view(2), 1, 1),
    n('enc-a', 'module/instance', 'Encoder (view 1)', call('encoder', {}, 'shared'), 2, 0),
    n(
      'enc-b',
      'module/instance',
      'Encoder (view 2, same weights)',
      call('encoder', {}, 'shared'),
      2,
      1,
    ),
    n(
      'proj-a',
      'module/instance',
      'Projection head (view 1)',
      call('projection', {}, 'shared'),
      3,
      0,
    ),
    n(
      'proj-b',
      'module/instance',
      'Projection head (view 2)',
      call('projection', {}, 'shared'),
      3,
      1,
    ),
    n('ntxent', 'ssl/nt-xent', 'NT-Xent (tau = 0.5)', { temperature: 0.5 }, 4, 0),
    n('adam', 'optimize/optimizer', 'Adam', adam(0.001), 5, 0),
    ...probeNodes(2, 3),
  ]),
  edges: byId([
    e('data.image', 'aug-a.x'),
    e('data.image', 'aug-b.x'),
    e('aug-a.view', 'aug-b.pair'),
    e('aug-a.view', 'enc-a.x'),
    e('aug-b.view', 'enc-b.x'),
    e('enc-a.h', 'proj-a.h'),
    e('enc-b.h', 'proj-b.h'),
    e('proj-a.z', 'ntxent.za'),
    e('proj-b.z', 'ntxent.zb'),
    e('ntxent.loss', 'adam.loss'),
    ...probeEdges,
  ]),
  modules: byId([sslEncoderModule(WIDTH), projectionModule(WIDTH, 256, 64)]),
  training: {
    seed: 1,
    batchSize: 128,
    checkpointEvery: 1000,
    stages: [
      {
        id: 'pretrain',
        name: 'Stage 1: contrastive pre-training (no labels)',
        steps: 2000,
        objectives: [
          {
            id: 'contrastive',
            name: 'NT-Xent',
            optimizer: 'adam',
            updates: ['encoder', 'projection'],
            every: 1,
            from: 0,
            clipGradNorm: 0,
          },
        ],
      },
      probeStage(1500, ['encoder', 'projection']),
    ],
  },
  previews: byId([
    {
      id: 'views',
      kind: 'reconstruction',
      title: 'The two augmented views (view 1 | view 2)',
      sources: [
        { node: 'aug-a', port: 'view' },
        { node: 'aug-b', port: 'view' },
      ],
      every: 100,
    },
    {
      id: 'loss',
      kind: 'scalar',
      title: 'NT-Xent loss and pair accuracy',
      sources: [
        { node: 'ntxent', port: 'loss' },
        { node: 'ntxent', port: 'accuracy' },
      ],
      every: 10,
    },
    {
      id: 'probe',
      kind: 'scalar',
      title: 'Linear probe: loss and accuracy (test batch)',
      sources: [
        { node: 'probe', port: 'loss' },
        { node: 'probe', port: 'accuracy' },
      ],
      every: 50,
    },
  ]),
};

const masked: TesseraDocument = {
  format: 'tessera.project',
  formatVersion: 2,
  appVersion: '0.2.0',
  name: 'Masked pre-training + linear probe (Fashion-MNIST)',
  description:
    'Masked-prediction self-supervised learning (in the spirit of MAE, He et al. 2021, with a conv encoder) on ' +
    'Fashion-MNIST without labels, then the linear evaluation protocol. Stage 1: Patch Mask hides half of the ' +
    '49 4x4 patches of each image (seeded per step); the Encoder sees the masked image, a Decoder reconstructs ' +
    'the whole image, and the Masked MSE loss grades only the hidden patches. Stage 2: the encoder is frozen ' +
    'and a Linear Probe learns the 10 labels from its 256 features. The Encoder module is the same as in the ' +
    'SimCLR template. Previews: masked input | reconstruction | original, and the loss.',
  nodes: byId([
    data,
    n(
      'mask',
      'ssl/patch-mask',
      'Patch Mask (4x4, 50%)',
      { patch: 4, ratio: 0.5, fill: 0, seed: 1 },
      1,
      0,
    ),
    n('enc', 'module/instance', 'Encoder (masked image)', call('encoder', {}, 'shared'), 2, 0),
    n('dec', 'module/instance', 'Decoder', call('decoder', {}, 'shared'), 3, 0),
    n('loss', 'ssl/masked-mse', 'Masked MSE (hidden patches)', { weight: 1 }, 4, 0),
    n('adam', 'optimize/optimizer', 'Adam', adam(0.001), 5, 0),
    ...probeNodes(2, 3),
  ]),
  edges: byId([
    e('data.image', 'mask.x'),
    e('mask.masked', 'enc.x'),
    e('enc.h', 'dec.h'),
    e('dec.image', 'loss.prediction'),
    e('data.image', 'loss.target'),
    e('mask.mask', 'loss.mask'),
    e('loss.loss', 'adam.loss'),
    ...probeEdges,
  ]),
  modules: byId([sslEncoderModule(WIDTH), sslDecoderModule(WIDTH)]),
  training: {
    seed: 1,
    batchSize: 128,
    checkpointEvery: 1000,
    stages: [
      {
        id: 'pretrain',
        name: 'Stage 1: masked pre-training (no labels)',
        steps: 2000,
        objectives: [
          {
            id: 'masked',
            name: 'Masked reconstruction',
            optimizer: 'adam',
            updates: ['encoder', 'decoder'],
            every: 1,
            from: 0,
            clipGradNorm: 0,
          },
        ],
      },
      probeStage(1500, ['encoder', 'decoder']),
    ],
  },
  previews: byId([
    {
      id: 'reconstruction',
      kind: 'reconstruction',
      title: 'Masked input | reconstruction | original',
      sources: [
        { node: 'mask', port: 'masked' },
        { node: 'dec', port: 'image' },
        { node: 'data', port: 'image' },
      ],
      every: 100,
    },
    {
      id: 'loss',
      kind: 'scalar',
      title: 'Masked MSE (hidden patches only)',
      sources: [{ node: 'loss', port: 'loss' }],
      every: 10,
    },
    {
      id: 'probe',
      kind: 'scalar',
      title: 'Linear probe: loss and accuracy (test batch)',
      sources: [
        { node: 'probe', port: 'loss' },
        { node: 'probe', port: 'accuracy' },
      ],
      every: 50,
    },
  ]),
};

await writeTemplate('simclr', simclr);
await writeTemplate('masked-pretraining', masked);
