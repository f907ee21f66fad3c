// Runtime of data/action-streams: generates the training and held-out streams once at build
// time (pure, seeded by the node's `seed`), then serves batches of windows.
// b batch, t window (past frames, current last), f features, q future frames.
import type {
  ApplyContext,
  BuildContext,
  NodeLayer,
  TF,
} from '../../../core/node-contract/node-definition';
import {
  fillWindow,
  generateSplit,
  windowIndex,
  type ActionStreamsConfig,
} from './action-streams.generate';

export type ActionStreamsParams = ActionStreamsConfig;

/**
 * Which windows a batch holds. Training: each drawn at random by the trainer's RNG. Otherwise (the
 * held-out split for previews and evaluation): `batch` consecutive windows from a start drawn by
 * ctx.rng, so a batch is a run of consecutive frames and a caller can sweep the held-out streams
 * by handing an RNG whose int() returns the start it wants.
 */
export const batchWindows = (count: number, ctx: ApplyContext): number[] => {
  if (ctx.training) return Array.from({ length: ctx.batchSize }, () => ctx.rng.int(count));
  const start = ctx.rng.int(count);
  return Array.from({ length: ctx.batchSize }, (_, i) => (start + i) % count);
};

export const createActionStreamsLayer = (
  tf: TF,
  params: ActionStreamsParams,
  _ctx?: BuildContext,
): NodeLayer => {
  const c = params;
  const splits = {
    train: generateSplit(c, 'train'),
    test: generateSplit(c, 'test'),
  };
  const index = {
    train: windowIndex(c, c.trainStreams),
    test: windowIndex(c, c.testStreams),
  };
  return {
    weights: {},
    apply: (_inputs, ctx) => {
      const split = ctx.training ? 'train' : ctx.split;
      const picks = batchWindows(index[split].length, ctx);
      const b = picks.length;
      const frames = new Float32Array(b * c.window * c.features);
      const future = new Int32Array(b * c.future);
      const label = new Int32Array(b);
      picks.forEach((p, i) => {
        label[i] = fillWindow(
          c,
          splits[split],
          index[split][p]!,
          frames,
          i * c.window * c.features,
          future,
          i * c.future,
        );
      });
      return {
        frames: tf.tensor3d(frames, [b, c.window, c.features]),
        label: tf.tensor1d(label, 'int32'),
        future: tf.tensor2d(future, [b, c.future], 'int32'),
      };
    },
    preview: () => ({
      trainWindows: index.train.length,
      testWindows: index.test.length,
      classes: c.actions + 1,
    }),
  };
};
