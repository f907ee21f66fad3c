// The procedural online-action-detection data behind data/action-streams: seeded streams of
// per-frame feature vectors whose segments come from action-dependent generators, cut into
// windows of the past T frames. Pure (no tf): the dataset layer and the tests share it.
// l stream length (frames), f feature dims, a action classes (labels 1..a; 0 is background),
// t window (past frames, the current one last), q future frames labelled for the decoder.
import { mulberry32 } from '../../shared/seeded-random';

export interface ActionStreamsConfig {
  seed: number;
  actions: number;
  features: number;
  window: number;
  future: number;
  trainStreams: number;
  testStreams: number;
  streamLength: number;
  noise: number;
  blend: number;
}

/** One labelled stretch of a stream, frames [start, end). */
export interface Segment {
  label: number;
  start: number;
  end: number;
}

export interface ActionStream {
  /** streamLength x features, row-major by frame. */
  frames: Float32Array;
  /** The label of every frame (0 = background). */
  labels: Int32Array;
  segments: Segment[];
}

/** What makes each class look like itself: a mean pattern and a trajectory around it. */
export interface ClassGenerator {
  mean: Float32Array;
  direction: Float32Array;
  /** Frames per cycle of the trajectory. */
  period: number;
}

export const GAP_FRAMES = { min: 6, max: 30 } as const;
export const ACTION_FRAMES = { min: 12, max: 40 } as const;
const MEAN_SCALE = 0.35;
const TRAJECTORY_SCALE = 1.2;

const gaussian = (rand: () => number): number => {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
};

const between = (rand: () => number, min: number, max: number): number =>
  min + Math.floor(rand() * (max - min + 1));

/** Distinct streams of generators per purpose: class patterns, training and held-out streams. */
const streamSeed = (seed: number, purpose: number): number =>
  (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(purpose + 1, 0x85ebca6b)) >>> 0;

/** Class generators 0..actions (0 = background: a faint fixed pattern, no trajectory). */
export const classGenerators = (c: ActionStreamsConfig): ClassGenerator[] => {
  const rand = mulberry32(streamSeed(c.seed, 0));
  const vec = (scale: number): Float32Array =>
    Float32Array.from({ length: c.features }, () => gaussian(rand) * scale);
  return Array.from({ length: c.actions + 1 }, (_, k) => ({
    mean: vec(k === 0 ? MEAN_SCALE / 2 : MEAN_SCALE),
    direction: vec(k === 0 ? 0 : TRAJECTORY_SCALE / Math.sqrt(2)),
    period: k === 0 ? 1 : 6 + 3 * k,
  }));
};

/**
 * Background gaps and action segments in turn; the actions of every `actions` consecutive segments
 * are a shuffled permutation of 1..actions, so the classes stay balanced in every stream.
 */
export const streamSegments = (c: ActionStreamsConfig, rand: () => number): Segment[] => {
  const segments: Segment[] = [];
  let bag: number[] = [];
  let t = 0;
  while (t < c.streamLength) {
    const gap = between(rand, GAP_FRAMES.min, GAP_FRAMES.max);
    segments.push({ label: 0, start: t, end: Math.min(t + gap, c.streamLength) });
    t += gap;
    if (t >= c.streamLength) break;
    if (bag.length === 0) {
      bag = Array.from({ length: c.actions }, (_, i) => i + 1);
      for (let i = bag.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [bag[i], bag[j]] = [bag[j]!, bag[i]!];
      }
    }
    const len = between(rand, ACTION_FRAMES.min, ACTION_FRAMES.max);
    segments.push({ label: bag.pop()!, start: t, end: Math.min(t + len, c.streamLength) });
    t += len;
  }
  return segments;
};

/**
 * One stream. Inside an action segment of class k starting at s:
 * x_t = (1 - w_t) * mean_0 + w_t * (mean_k + sin(2 pi (t - s) / period_k + phi) * direction_k) + noise,
 * w_t ramping 0 -> 1 over the first `blend` frames and back over the last (start and end
 * transitions that blend into the background); a random phase phi per segment.
 */
export const generateStream = (
  c: ActionStreamsConfig,
  gens: readonly ClassGenerator[],
  rand: () => number,
): ActionStream => {
  const segments = streamSegments(c, rand);
  const f = c.features;
  const frames = new Float32Array(c.streamLength * f);
  const labels = new Int32Array(c.streamLength);
  const bg = gens[0]!;
  for (const seg of segments) {
    const g = gens[seg.label]!;
    const phase = rand() * 2 * Math.PI;
    for (let t = seg.start; t < seg.end; t++) {
      labels[t] = seg.label;
      const w =
        seg.label === 0
          ? 0
          : Math.min(1, (t - seg.start + 1) / (c.blend + 1), (seg.end - t) / (c.blend + 1));
      const wave = Math.sin((2 * Math.PI * (t - seg.start)) / g.period + phase);
      for (let d = 0; d < f; d++) {
        const action = g.mean[d]! + wave * g.direction[d]!;
        frames[t * f + d] = (1 - w) * bg.mean[d]! + w * action + c.noise * gaussian(rand);
      }
    }
  }
  return { frames, labels, segments };
};

export const generateSplit = (c: ActionStreamsConfig, split: 'train' | 'test'): ActionStream[] => {
  const gens = classGenerators(c);
  const rand = mulberry32(streamSeed(c.seed, split === 'train' ? 1 : 2));
  const count = split === 'train' ? c.trainStreams : c.testStreams;
  return Array.from({ length: count }, () => generateStream(c, gens, rand));
};

/** Windows: every frame t with t >= window - 1 and t + future < streamLength, stream by stream. */
export interface WindowIndex {
  stream: number;
  /** The current frame (last of the window). */
  frame: number;
}

export const windowIndex = (c: ActionStreamsConfig, streams: number): WindowIndex[] => {
  const out: WindowIndex[] = [];
  for (let s = 0; s < streams; s++)
    for (let t = c.window - 1; t + c.future < c.streamLength; t++)
      out.push({ stream: s, frame: t });
  return out;
};

/** Copies window `w` into frames (T x F), its current label and the next `future` labels. */
export const fillWindow = (
  c: ActionStreamsConfig,
  streams: readonly ActionStream[],
  w: WindowIndex,
  frames: Float32Array,
  frameOffset: number,
  futureLabels: Int32Array,
  futureOffset: number,
): number => {
  const s = streams[w.stream]!;
  const from = (w.frame - c.window + 1) * c.features;
  frames.set(s.frames.subarray(from, from + c.window * c.features), frameOffset);
  for (let q = 0; q < c.future; q++) futureLabels[futureOffset + q] = s.labels[w.frame + 1 + q]!;
  return s.labels[w.frame]!;
};
