// The OadTR template documents (Wang et al., OadTR: Online Action Detection with Transformers,
// ICCV 2021) from primitives and modules: frame features -> Dense -> [task token; frames] +
// learned positions -> transformer-block x L -> LayerNorm; learned queries -> decoder block
// (cross-attention to the encoder) -> future-frame classes (auxiliary loss); the classifier on
// concat(task token output, mean of the decoder outputs) -> the current frame's class.
// Ablations drop the decoder, or the task token (the encoder's frame outputs are pooled instead).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type {
  DocEdge,
  DocModule,
  DocNode,
  TesseraDocument,
} from '../../core/document/document.types';
import { adam, byId, call, dense, e, n } from '../diffusion/doc-builders';
import { decoderBlockModule } from './decoder-block';
import { OADTR, OADTR_CLASSES, type OadtrVariant } from './oadtr-config';

const transformerBlock = (): DocModule => {
  const path = fileURLToPath(
    new URL('../../templates/blocks/transformer-block.json', import.meta.url),
  );
  const doc = JSON.parse(readFileSync(path, 'utf8')) as TesseraDocument;
  return doc.modules['transformer-block']!;
};

const D = OADTR.width;
const T = OADTR.window;
const Q = OADTR.future;
const K = OADTR_CLASSES;

/** A [1, 1..n, D] Parameter spread over the batch: 0 x (a slice of h, [B, n, D]) + parameter. */
const batched = (id: string, label: string, rows: number, col: number, row: number) => ({
  nodes: [
    n(
      `${id}-param`,
      'math/parameter',
      label,
      { shape: [1, rows, D], init: 'normal-0.02' },
      col,
      row,
    ),
    n(
      `${id}-slice`,
      'shape/slice',
      `h[:, 0:${rows}] (for the batch size)`,
      { axis: 1, begin: 0, size: rows },
      col,
      row + 1,
    ),
    n(
      `${id}-zero`,
      'math/scale',
      '0 x (batch-shaped zeros)',
      { factor: 0, shift: 0 },
      col + 1,
      row + 1,
    ),
    n(`${id}`, 'math/add', `${label} for every example`, {}, col + 2, row),
  ],
  edges: [
    e('proj.y', `${id}-slice.x`),
    e(`${id}-slice.y`, `${id}-zero.x`),
    e(`${id}-zero.y`, `${id}.a`),
    e(`${id}-param.y`, `${id}.b`),
  ],
});

const encoder = (v: OadtrVariant): { nodes: DocNode[]; edges: DocEdge[]; out: string } => {
  const nodes: DocNode[] = [];
  const edges: DocEdge[] = [];
  let x = 'proj.y';
  if (v.taskToken) {
    const token = batched('token', 'Task token', 1, 2, 2);
    nodes.push(
      ...token.nodes,
      n('tokens', 'shape/concat', '[task token; frames]', { axis: 1 }, 5, 0),
    );
    edges.push(...token.edges, e('token.y', 'tokens.a'), e('proj.y', 'tokens.b'));
    x = 'tokens.y';
  }
  const length = v.taskToken ? T + 1 : T;
  nodes.push(n('positions', 'position/learned', 'Learned positions', { maxLength: length }, 6, 0));
  edges.push(e(x, 'positions.x'));
  x = 'positions.y';
  for (let i = 1; i <= OADTR.encoderLayers; i++) {
    nodes.push(
      n(
        `enc${i}`,
        'module/instance',
        `Encoder block ${i}`,
        call('transformer-block', {
          width: D,
          heads: OADTR.heads,
          hidden: OADTR.hidden,
          causal: false,
        }),
        6 + i,
        0,
      ),
    );
    edges.push(e(x, `enc${i}.x`));
    x = `enc${i}.y`;
  }
  nodes.push(n('enc-ln', 'normalization/layer-norm', 'Encoder LayerNorm', { eps: 1e-5 }, 9, 0));
  edges.push(e(x, 'enc-ln.x'));
  return { nodes, edges, out: 'enc-ln.y' };
};

/** What the classifier reads from the encoder: the task token's output or the mean of the frames. */
const encoderSummary = (v: OadtrVariant, memory: string) =>
  v.taskToken
    ? {
        nodes: [
          n('task-out', 'shape/slice', 'Task token output', { axis: 1, begin: 0, size: 1 }, 10, 0),
          n('task-flat', 'shape/reshape', '[B, D]', { shape: 'B, -1' }, 11, 0),
        ],
        edges: [e(memory, 'task-out.x'), e('task-out.y', 'task-flat.x')],
        out: 'task-flat.y',
      }
    : {
        nodes: [
          n(
            'frames-pool',
            'math/mean',
            'Mean over the frame outputs',
            { axes: [1], keepDims: false },
            10,
            0,
          ),
        ],
        edges: [e(memory, 'frames-pool.x')],
        out: 'frames-pool.y',
      };

const decoder = (memory: string) => {
  const queries = batched('queries', `${Q} learned queries`, Q, 6, 4);
  return {
    nodes: [
      ...queries.nodes,
      n(
        'dec',
        'module/instance',
        'Decoder block',
        call('decoder-block', { width: D, heads: OADTR.heads, hidden: OADTR.hidden }),
        10,
        4,
      ),
      n('dec-ln', 'normalization/layer-norm', 'Decoder LayerNorm', { eps: 1e-5 }, 11, 4),
      n('dec-head', 'layers/dense', `Future classes (${K})`, dense(K), 12, 5),
      n(
        'aux-loss',
        'loss/cross-entropy',
        'Future-frame cross-entropy',
        { weight: 1, labelSmoothing: 0 },
        13,
        5,
      ),
      n('dec-pool', 'math/mean', 'Mean over the queries', { axes: [1], keepDims: false }, 12, 4),
    ],
    edges: [
      ...queries.edges,
      e('queries.y', 'dec.q'),
      e(memory, 'dec.memory'),
      e('dec.y', 'dec-ln.x'),
      e('dec-ln.y', 'dec-head.x'),
      e('dec-head.y', 'aux-loss.logits'),
      e('data.future', 'aux-loss.labels'),
      e('dec-ln.y', 'dec-pool.x'),
    ],
    pooled: 'dec-pool.y',
  };
};

const describe = (v: OadtrVariant): string => {
  const base =
    'Online action detection with a transformer (OadTR, Wang et al. ICCV 2021) on Action Streams, a ' +
    `seeded procedural stand-in for THUMOS14 features (${OADTR.actions} actions + background, ${OADTR.features}-dim frames). ` +
    `Each window holds the past ${T} frames; a Dense projects them to width ${D}`;
  const token = v.taskToken
    ? ', a learned task token (Parameter) is put in front'
    : ' (no task token: the classifier pools the encoder’s frame outputs instead)';
  const enc = `, learned positions are added and ${OADTR.encoderLayers} pre-norm transformer blocks (the Blocks module, ${OADTR.heads} heads) encode them. `;
  const dec = v.decoder
    ? `A decoder block with ${Q} learned queries cross-attends to the encoder and predicts the classes of the next ${Q} frames (an auxiliary cross-entropy, weight ${OADTR.auxWeight}). `
    : 'No decoder (the ablation without anticipation). ';
  const cls = `The classifier reads ${v.taskToken ? 'the task token’s output' : 'the mean of the frame outputs'}${v.decoder ? ' joined with the mean of the decoder outputs' : ''} and is trained by cross-entropy on the current frame's class. `;
  const parts =
    'Parameters spread over the batch by adding them to 0 x a slice of the projected frames. The Per-frame mAP node ' +
    'scores held-out frames (THUMOS14 protocol: AP per action class, background left out) and draws the prediction strip.';
  return base + token + enc + dec + cls + parts;
};

export const oadtrDocument = (v: OadtrVariant): TesseraDocument => {
  const enc = encoder(v);
  const summary = encoderSummary(v, enc.out);
  const dec = v.decoder ? decoder(enc.out) : undefined;
  const classifierIn = dec ? 'cls-in.y' : summary.out;
  const nodes: DocNode[] = [
    n(
      'data',
      'data/action-streams',
      'Action Streams',
      {
        seed: OADTR.seed,
        actions: OADTR.actions,
        features: OADTR.features,
        window: T,
        future: Q,
        trainStreams: 64,
        testStreams: 16,
        streamLength: 400,
        noise: 2,
        blend: 4,
      },
      0,
      0,
    ),
    n('proj', 'layers/dense', `Frame projection (${D})`, dense(D), 1, 0),
    ...enc.nodes,
    ...summary.nodes,
    ...(dec?.nodes ?? []),
    ...(dec
      ? [n('cls-in', 'shape/concat', '[encoder summary; decoder mean]', { axis: -1 }, 13, 0)]
      : []),
    n('cls', 'layers/dense', `Current-frame classes (${K})`, dense(K), 14, 0),
    n(
      'cls-loss',
      'loss/cross-entropy',
      'Current-frame cross-entropy',
      { weight: 1, labelSmoothing: 0 },
      15,
      0,
    ),
    ...(dec
      ? [
          n(
            'loss',
            'math/weighted-sum',
            `Total: current + ${OADTR.auxWeight} x future`,
            { wa: 1, wb: OADTR.auxWeight, wc: 1, wd: 1 },
            16,
            1,
          ),
        ]
      : []),
    n('adam', 'optimize/optimizer', 'Adam', adam(OADTR.lr), 17, 0),
    n('fmap', 'metric/frame-map', 'Per-frame mAP', { background: 0 }, 15, 2),
  ];
  const edges: DocEdge[] = [
    e('data.frames', 'proj.x'),
    ...enc.edges,
    ...summary.edges,
    ...(dec?.edges ?? []),
    ...(dec ? [e(summary.out, 'cls-in.a'), e(dec.pooled, 'cls-in.b')] : []),
    e(classifierIn, 'cls.x'),
    e('cls.y', 'cls-loss.logits'),
    e('data.label', 'cls-loss.labels'),
    ...(dec
      ? [e('cls-loss.loss', 'loss.a'), e('aux-loss.loss', 'loss.b'), e('loss.sum', 'adam.loss')]
      : [e('cls-loss.loss', 'adam.loss')]),
    e('cls.y', 'fmap.logits'),
    e('data.label', 'fmap.label'),
  ];
  const title =
    v.name === 'oadtr'
      ? 'OadTR'
      : v.decoder
        ? 'OadTR without the task token'
        : 'OadTR without the decoder';
  return {
    format: 'tessera.project',
    formatVersion: 2,
    appVersion: '0.2.0',
    name: `${title} (Action Streams)`,
    description: describe(v),
    nodes: byId(nodes),
    edges: byId(edges),
    modules: byId([transformerBlock(), ...(v.decoder ? [decoderBlockModule()] : [])]),
    training: {
      seed: OADTR.seed,
      batchSize: OADTR.batch,
      checkpointEvery: 1000,
      stages: [
        {
          id: 'train',
          name: 'Online detection',
          steps: OADTR.steps,
          objectives: [
            {
              id: 'detect',
              name: v.decoder ? 'Current + future cross-entropy' : 'Current-frame cross-entropy',
              optimizer: 'adam',
              updates: ['*'],
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
        id: 'strip',
        kind: 'samples',
        title: 'Held-out frames: truth (top rows) and predicted class probabilities (bottom rows)',
        sources: [{ node: 'fmap', port: 'strip' }],
        every: 250,
      },
      {
        id: 'map',
        kind: 'scalar',
        title: 'Per-frame mAP of the previewed held-out frames',
        sources: [{ node: 'fmap', port: 'map' }],
        every: 250,
      },
    ]),
  };
};
