// Writes templates/detr.json: DETR (Carion et al. 2020) shrunk to train on a CPU in minutes, on the
// procedural Shapes Detection Set (32 x 32, 1-4 shapes of 3 classes). Everything is a graph a user can
// open: a conv backbone of primitives, the 2D sine position encoding, a transformer encoder (the
// shipped pre-norm transformer block, templates/blocks/transformer-block.json) and a decoder of
// blocks with cross-attention to the image tokens, learned object queries (a Parameter), a class
// head (classes + no object) and a sigmoid box head (cx, cy, w, h), trained with the Hungarian set
// loss. Run
//   node --import ./main/runtime/register.mjs scripts/write-detr-template.ts
import { readFileSync } from 'node:fs';
import type { DocModule, TesseraDocument } from '../core/document/document.types';
import {
  adam,
  byId,
  call,
  conv,
  dense,
  e,
  gn,
  headsParam,
  input,
  mod,
  n,
  output,
  widthParam,
} from './diffusion/doc-builders';
import { writeTemplate } from './diffusion/write-template';

/** The sizes, chosen so that a CPU learns in minutes (see the description). */
export const DETR_SIZES = {
  image: 32,
  minObjects: 1,
  maxObjects: 4,
  classes: 3,
  queries: 8,
  width: 32,
  heads: 2,
  hidden: 64,
  encoderLayers: 1,
  decoderLayers: 2,
} as const;
const S = DETR_SIZES;
const tokens = (S.image / 4) ** 2;

const transformerBlock = (
  JSON.parse(
    readFileSync(new URL('../templates/blocks/transformer-block.json', import.meta.url), 'utf8'),
  ) as TesseraDocument
).modules['transformer-block'] as DocModule;

// Decoder block (pre-norm): h1 = x + SelfAttn(LN(x)); h2 = h1 + CrossAttn(LN(h1), memory); y = h2 + MLP(LN(h2)).
const decoderBlock = (): DocModule =>
  mod(
    'decoder-block',
    'Transformer decoder block',
    'A pre-norm transformer decoder layer (DETR’s TransformerDecoderLayer with normalize_before): self-attention among ' +
      'the object queries, cross-attention from the queries to the encoder’s image tokens (memory), then a GELU MLP, ' +
      'each with a residual. x [B, Q, width], memory [B, T, width] -> y [B, Q, width].',
    {
      width: widthParam(64, 'Token width of x, memory and y.'),
      heads: headsParam(),
      hidden: widthParam(128, 'Width of the MLP hidden layer.'),
    },
    [
      input('x', 'x', 0, 0),
      input('memory', 'memory', 0, 2),
      n('ln1', 'normalization/layer-norm', 'LayerNorm 1', { eps: 1e-5 }, 1, 1),
      n(
        'self',
        'attention/multi-head-attention',
        'Self-attention (queries)',
        { heads: '=heads', causal: false },
        2,
        1,
      ),
      n('res1', 'math/add', '+ self-attention', {}, 3, 0),
      n('ln2', 'normalization/layer-norm', 'LayerNorm 2', { eps: 1e-5 }, 4, 1),
      n(
        'cross',
        'attention/multi-head-attention',
        'Cross-attention to the image',
        { heads: '=heads', causal: false },
        5,
        1,
      ),
      n('res2', 'math/add', '+ cross-attention', {}, 6, 0),
      n('ln3', 'normalization/layer-norm', 'LayerNorm 3', { eps: 1e-5 }, 7, 1),
      n('fc1', 'layers/dense', 'Dense (hidden)', dense('=hidden'), 8, 1),
      n('act', 'activation/gelu', 'GELU', { approximate: 'none' }, 9, 1),
      n('fc2', 'layers/dense', 'Dense (width)', dense('=width'), 10, 1),
      n('res3', 'math/add', '+ MLP', {}, 11, 0),
      output('y', 'y', 12, 0),
      output('attention', 'attention', 12, 2),
    ],
    [
      e('x.value', 'ln1.x'),
      e('ln1.y', 'self.x'),
      e('self.y', 'res1.a'),
      e('x.value', 'res1.b'),
      e('res1.y', 'ln2.x'),
      e('ln2.y', 'cross.x'),
      e('memory.value', 'cross.context'),
      e('cross.y', 'res2.a'),
      e('res1.y', 'res2.b'),
      e('res2.y', 'ln3.x'),
      e('ln3.y', 'fc1.x'),
      e('fc1.y', 'act.x'),
      e('act.y', 'fc2.x'),
      e('fc2.y', 'res3.a'),
      e('res2.y', 'res3.b'),
      e('res3.y', 'y.value'),
      e('cross.attention', 'attention.value'),
    ],
  );

const block = { width: S.width, heads: S.heads, hidden: S.hidden };
const enc = Array.from({ length: S.encoderLayers }, (_, i) => `enc${i + 1}`);
const dec = Array.from({ length: S.decoderLayers }, (_, i) => `dec${i + 1}`);

const detrModule = (): DocModule =>
  mod(
    'detr',
    'DETR',
    `The detector: image [B, ${S.image}, ${S.image}, 3] -> class logits [B, ${S.queries}, ${S.classes + 1}] (the last class is ` +
      `no object) and boxes [B, ${S.queries}, 4] (cx, cy, w, h in [0, 1]). Backbone: three 3 x 3 convs (16, 32, 64 filters, the ` +
      `last two with stride 2) with GroupNorm and ReLU, and a 1 x 1 projection to the transformer width (DETR's input_proj); ` +
      `then the 2D sine position encoding, a Reshape to ${tokens} tokens, ${S.encoderLayers} encoder blocks and ` +
      `${S.decoderLayers} decoder blocks whose ${S.queries} object queries (a learned Parameter, broadcast over the batch) ` +
      'cross-attend to the image tokens; a final LayerNorm, a Dense class head and a 3-layer MLP box head with a sigmoid.',
    {},
    [
      input('image', 'image', 0, 0),
      n('conv1', 'layers/conv2d', 'Conv 3x3, 16', conv(16, 3, 1), 1, 0),
      n('relu1', 'activation/relu', 'ReLU', {}, 2, 0),
      n('conv2', 'layers/conv2d', 'Conv 3x3 /2, 32', conv(32, 3, 2), 3, 0),
      n('gn2', 'normalization/group-norm', 'GroupNorm (8)', gn(8), 4, 0),
      n('relu2', 'activation/relu', 'ReLU', {}, 5, 0),
      n('conv3', 'layers/conv2d', 'Conv 3x3 /2, 64', conv(64, 3, 2), 6, 0),
      n('gn3', 'normalization/group-norm', 'GroupNorm (8)', gn(8), 7, 0),
      n('relu3', 'activation/relu', 'ReLU', {}, 8, 0),
      n(
        'proj',
        'layers/conv2d',
        `Conv 1x1, ${S.width} (input_proj)`,
        conv(S.width, 1, 1, 'glorot-uniform'),
        9,
        0,
      ),
      n('pos', 'detection/sine-position-2d', 'Sine Position 2D', { temperature: 10000 }, 10, 0),
      n(
        'tokens',
        'shape/reshape',
        `Reshape to ${tokens} tokens`,
        { shape: `B, ${tokens}, ${S.width}` },
        11,
        0,
      ),
      ...enc.map((id, i) =>
        n(
          id,
          'module/instance',
          `Encoder block ${i + 1}`,
          call('transformer-block', { ...block, causal: false }),
          12 + i,
          0,
        ),
      ),
      n(
        'queries',
        'math/parameter',
        `Object queries (${S.queries} x ${S.width})`,
        { shape: [S.queries, S.width], init: 'normal-1' },
        12,
        2,
      ),
      n('first', 'shape/slice', 'First token', { axis: 1, begin: 0, size: 1 }, 14, 1),
      n(
        'zeros',
        'math/scale',
        'Zeros [B, 1, width] (to broadcast the queries)',
        { factor: 0, shift: 0 },
        15,
        1,
      ),
      n('tgt', 'math/add', 'Queries over the batch', {}, 16, 2),
      ...dec.map((id, i) =>
        n(id, 'module/instance', `Decoder block ${i + 1}`, call('decoder-block', block), 17 + i, 2),
      ),
      n('ln', 'normalization/layer-norm', 'LayerNorm (decoder output)', { eps: 1e-5 }, 19, 2),
      n(
        'cls',
        'layers/dense',
        `Class head (${S.classes} + no object)`,
        dense(S.classes + 1),
        20,
        1,
      ),
      n('box1', 'layers/dense', 'Box MLP 1', dense(S.width, 'he-normal'), 20, 3),
      n('box1-relu', 'activation/relu', 'ReLU', {}, 21, 3),
      n('box2', 'layers/dense', 'Box MLP 2', dense(S.width, 'he-normal'), 22, 3),
      n('box2-relu', 'activation/relu', 'ReLU', {}, 23, 3),
      n('box3', 'layers/dense', 'Box MLP 3 (cx, cy, w, h)', dense(4), 24, 3),
      n('box-sigmoid', 'activation/sigmoid', 'Sigmoid', {}, 25, 3),
      output('logits', 'logits', 26, 1),
      output('boxes', 'boxes', 26, 3),
    ],
    [
      e('image.value', 'conv1.x'),
      e('conv1.y', 'relu1.x'),
      e('relu1.y', 'conv2.x'),
      e('conv2.y', 'gn2.x'),
      e('gn2.y', 'relu2.x'),
      e('relu2.y', 'conv3.x'),
      e('conv3.y', 'gn3.x'),
      e('gn3.y', 'relu3.x'),
      e('relu3.y', 'proj.x'),
      e('proj.y', 'pos.x'),
      e('pos.y', 'tokens.x'),
      e('tokens.y', `${enc[0]}.x`),
      ...enc.slice(1).map((id, i) => e(`${enc[i]}.y`, `${id}.x`)),
      e(`${enc.at(-1)}.y`, 'first.x'),
      e('first.y', 'zeros.x'),
      e('zeros.y', 'tgt.a'),
      e('queries.y', 'tgt.b'),
      e('tgt.y', `${dec[0]}.x`),
      ...dec.slice(1).map((id, i) => e(`${dec[i]}.y`, `${id}.x`)),
      ...dec.map((id) => e(`${enc.at(-1)}.y`, `${id}.memory`)),
      e(`${dec.at(-1)}.y`, 'ln.x'),
      e('ln.y', 'cls.x'),
      e('ln.y', 'box1.x'),
      e('box1.y', 'box1-relu.x'),
      e('box1-relu.y', 'box2.x'),
      e('box2.y', 'box2-relu.x'),
      e('box2-relu.y', 'box3.x'),
      e('box3.y', 'box-sigmoid.x'),
      e('cls.y', 'logits.value'),
      e('box-sigmoid.y', 'boxes.value'),
    ],
  );

const targets = (node: string) => [
  e('data.boxes', `${node}.targetBoxes`),
  e('data.mask', `${node}.targetMask`),
];

export const detrDocument = (): TesseraDocument => ({
  format: 'tessera.project',
  formatVersion: 2,
  appVersion: '0.2.0',
  name: 'DETR (shapes detection)',
  description:
    'DETR, end-to-end object detection with transformers (Carion et al. 2020), small enough for a CPU: the Shapes Detection ' +
    `Set draws ${S.image} x ${S.image} images with ${S.minObjects}-${S.maxObjects} circles, squares and triangles of random size and colour; ` +
    `the DETR module (open it) turns each image into ${S.queries} (class, box) predictions, and the Hungarian Set Loss matches ` +
    'them one-to-one to the true objects (exact assignment, cost -p(class) + 5 L1 + 2 (-GIoU)) and trains the matched queries ' +
    'towards their objects and the rest towards no object (weight 0.1). Sizes: 32 x 32 images give an 8 x 8 = 64-token ' +
    'feature map (cheap attention; one token per 4 x 4 pixels is fine enough for 6-12 pixel shapes), and 8 queries for at most ' +
    '4 objects; the paper’s 100 queries, 6 + 6 layers of width 256 and 500 epochs are far out of a CPU’s reach. Preview: test ' +
    'images with the true boxes in white and the predictions with probability >= 0.5 in their class colour (red circle, ' +
    'green square, blue triangle).',
  nodes: byId([
    n(
      'data',
      'detection/shapes-dataset',
      'Shapes Detection Set',
      {
        size: S.image,
        minObjects: S.minObjects,
        maxObjects: S.maxObjects,
        classes: S.classes,
        minSide: 6,
        maxSide: 12,
        trainImages: 20000,
        testImages: 512,
        seed: 1,
        boxFormat: 'cxcywh',
      },
      0,
      0,
    ),
    n('detr', 'module/instance', 'DETR', call('detr', {}, 'shared'), 1, 0),
    n(
      'loss',
      'detection/hungarian-loss',
      'Hungarian Set Loss',
      {
        classWeight: 1,
        l1Weight: 5,
        giouWeight: 2,
        noObjectWeight: 0.1,
        predictionFormat: 'cxcywh',
        targetFormat: 'cxcywh',
      },
      2,
      0,
    ),
    n('adam', 'optimize/optimizer', 'Adam', adam(0.001), 3, 0),
    n(
      'overlay',
      'detection/box-overlay',
      'Box Overlay',
      { scale: 4, threshold: 0.5, boxFormat: 'cxcywh' },
      2,
      2,
    ),
  ]),
  edges: byId([
    e('data.image', 'detr.image'),
    e('detr.logits', 'loss.logits'),
    e('detr.boxes', 'loss.boxes'),
    ...targets('loss'),
    e('data.labels', 'loss.targetLabels'),
    e('loss.loss', 'adam.loss'),
    e('data.image', 'overlay.image'),
    e('detr.logits', 'overlay.logits'),
    e('detr.boxes', 'overlay.boxes'),
    ...targets('overlay'),
  ]),
  modules: byId([detrModule(), { ...transformerBlock }, decoderBlock()]),
  training: {
    seed: 1,
    batchSize: 16,
    checkpointEvery: 1000,
    stages: [
      {
        id: 'train',
        name: 'Set prediction',
        steps: 3000,
        objectives: [
          {
            id: 'detect',
            name: 'Hungarian set loss',
            optimizer: 'adam',
            updates: ['detr'],
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
      id: 'boxes',
      kind: 'samples',
      title: 'Test images: true boxes white, predictions (p >= 0.5) in class colours',
      sources: [{ node: 'overlay', port: 'y' }],
      every: 250,
    },
  ]),
});

if (process.argv[1]?.endsWith('write-detr-template.ts'))
  await writeTemplate('detr', detrDocument());
