// b batch, t window (the past T frames, the current one last), f feature dims, q future frames;
// labels in 0..actions, 0 = background.
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { weightlessCost } from '../../../core/node-contract/cost';
import { ACTION_FRAMES } from './action-streams.generate';
import { createActionStreamsLayer } from './action-streams.layer';

const int = (def: number, min: number, max: number, doc: string) =>
  ({ kind: 'int', default: def, min, max, doc }) as const;

export const actionStreamsNode = defineNode({
  id: 'data/action-streams',
  version: 1,
  title: 'Action Streams',
  category: 'data',
  role: 'dataset',
  doc:
    'A procedural, seeded online action detection set (a small stand-in for THUMOS14 features): ' +
    'streams of per-frame feature vectors in which background gaps alternate with action segments. ' +
    'Each action class has its own generator, a mean pattern plus a sinusoidal trajectory of its own ' +
    'period, and every segment blends in from the background and out again over `blend` frames, so ' +
    'an action is hardest to see as it starts. Gaussian noise on every frame. A batch holds windows ' +
    'of the past T frames (the current frame last), the label of the current frame (0 = background, ' +
    '1..actions) and the labels of the next `future` frames (targets for an anticipation decoder, as ' +
    'in OadTR). Training draws windows at random from the training streams; previews and evaluation use ' +
    'held-out streams (another seed stream) and take consecutive windows, so a batch is a run of frames.',
  paper: {
    citation:
      'The task and windows as in Wang et al., OadTR: Online Action Detection with Transformers (ICCV 2021); THUMOS14 (Idrees et al. 2017) is the real benchmark',
    url: 'https://arxiv.org/abs/2106.11149',
    equation:
      'x_t = (1 - w_t) m_0 + w_t (m_k + sin(2 pi (t - s) / P_k + phi) d_k) + sigma eps, w_t blending at segment ends',
  },
  inputs: [],
  outputs: [
    {
      name: 'frames',
      kind: 'tensor',
      dtype: 'float32',
      rank: 3,
      dims: ['B', 'T', 'F'],
      gradient: 'none',
      doc: 'The past T frames of each window, the current one last.',
    },
    {
      name: 'label',
      kind: 'tensor',
      dtype: 'int32',
      rank: 1,
      dims: ['B'],
      gradient: 'none',
      doc: 'Class of the current frame: 0 background, 1..actions.',
    },
    {
      name: 'future',
      kind: 'tensor',
      dtype: 'int32',
      rank: 2,
      dims: ['B', 'Q'],
      gradient: 'none',
      doc: 'Classes of the next `future` frames (t+1 .. t+future).',
    },
  ],
  params: {
    seed: int(1, 0, 2_147_483_647, 'Seeds the class generators and every stream.'),
    actions: int(5, 1, 32, 'Action classes; the labels are 0 (background) .. actions.'),
    features: int(32, 1, 1024, 'Feature dims F of each frame.'),
    window: int(16, 1, 512, 'Past frames T in a window (the current frame included).'),
    future: int(4, 1, 64, 'Future frames labelled for the decoder.'),
    trainStreams: int(64, 1, 10_000, 'Training streams.'),
    testStreams: int(16, 1, 10_000, 'Held-out streams (their own seed stream).'),
    streamLength: int(400, 2, 100_000, 'Frames per stream.'),
    noise: {
      kind: 'float',
      default: 1,
      min: 0,
      max: 100,
      doc: 'Standard deviation sigma of the Gaussian noise on every feature.',
    },
    blend: int(
      4,
      0,
      ACTION_FRAMES.min / 2,
      'Frames over which an action blends in from the background at its start and out at its end.',
    ),
  },
  inferShapes: (ctx): ShapeResult => {
    const p = ctx.params;
    const diagnostics: PortDiagnostic[] = [];
    if (p.streamLength < p.window + p.future)
      diagnostics.push({
        severity: 'error',
        message: `A window needs window + future = ${p.window + p.future} frames but streamLength is ${p.streamLength}; set streamLength to at least ${p.window + p.future} (a few hundred frames gives many windows).`,
      });
    return {
      outputs: {
        frames: tensorType('float32', ['B', p.window, p.features]),
        label: tensorType('int32', ['B']),
        future: tensorType('int32', ['B', p.future]),
      },
      diagnostics,
    };
  },
  build: (tf, params, ctx) => createActionStreamsLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: {
    layerModule: 'data/action-streams/action-streams.layer',
    factory: 'createActionStreamsLayer',
  },
});
