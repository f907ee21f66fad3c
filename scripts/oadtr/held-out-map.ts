// Per-frame mAP of an OadTR template over every held-out frame: sweeps the Action Streams
// node's held-out windows in order (its test split takes consecutive windows from the start
// the RNG gives), runs the built graph forward to the classifier's logits, and scores the
// softmax with metric/frame-map's frameMeanAp (THUMOS14 protocol, background left out).
import type { ApplyContext, Rng } from '../../core/node-contract/node-definition';
import type { BuiltProgram } from '../../main/engine/build/build-program';
import { evaluation } from '../../main/engine/build/evaluate';
import { frameMeanAp, type FrameMapResult } from '../../nodes/metric/frame-map/frame-map';

export interface HeldOutPredictions {
  /** frames x classes softmax probabilities, in stream order. */
  probs: Float32Array;
  labels: Int32Array;
  classes: number;
}

const startAt = (start: number): Rng => ({ next: () => 0, int: () => start, seed: () => 1 });

/** The classifier's probabilities for the first `frames` held-out windows (all by default). */
export const heldOutPredictions = (
  built: BuiltProgram,
  opts: { batch?: number; frames?: number; start?: number } = {},
): HeldOutPredictions => {
  const { tf } = built;
  const info = built.top.layers.get('data')?.preview?.() as { testWindows: number } | undefined;
  if (!info) throw new Error('The template has no Action Streams node with id "data".');
  const total = Math.min(opts.frames ?? info.testWindows, info.testWindows);
  const batch = opts.batch ?? 256;
  const probs: number[] = [];
  const labels: number[] = [];
  let classes = 0;
  for (let at = 0; at < total; at += batch) {
    const size = Math.min(batch, total - at);
    const ctx: ApplyContext = {
      training: false,
      step: 0,
      batchSize: size,
      split: 'test',
      rng: startAt((opts.start ?? 0) + at),
      handles: {},
    };
    tf.tidy(() => {
      const ev = evaluation(built, ctx);
      const logits = ev.output({ node: 'cls', port: 'y' });
      classes = logits.shape[1] ?? 0;
      probs.push(...tf.softmax(logits).dataSync());
      labels.push(...ev.output({ node: 'data', port: 'label' }).dataSync());
    });
  }
  return { probs: Float32Array.from(probs), labels: Int32Array.from(labels), classes };
};

/** Per-frame mAP over the first `frames` held-out windows (all by default). */
export const heldOutMap = (
  built: BuiltProgram,
  frames?: number,
): FrameMapResult & { frames: number } => {
  const p = heldOutPredictions(built, frames === undefined ? {} : { frames });
  return { ...frameMeanAp(p.probs, p.labels, p.classes, 0), frames: p.labels.length };
};
