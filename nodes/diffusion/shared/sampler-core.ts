// The denoising loop shared by the DDPM and DDIM samplers: initial noise from a fixed seed, one
// (or, with classifier-free guidance, two) calls of the denoiser handle per step, each step in its
// own tf.tidy so that only x_t and the few strip frames stay alive. n samples, h w spatial, c channels.
import type * as tfjs from '@tensorflow/tfjs';
import type {
  ApplyContext,
  BuildContext,
  ModelHandle,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';
import { seedStream } from '../../shared/init';
import type { SamplerParams } from './sampler-params';

/** [h, w, c] of the handle's image input, from the build-time type. */
export const handleImageShape = (
  ctx: BuildContext,
  inputName: string,
): [number, number, number] => {
  const m = ctx.inputs.model;
  const t = m && m.kind === 'model' ? m.inputs[inputName] : undefined;
  const [, h, w, c] = t?.shape ?? [];
  if (typeof h !== 'number' || typeof w !== 'number' || typeof c !== 'number')
    throw new Error(
      `Diffusion sampler ${ctx.nodeId}: the model's input '${inputName}' must be B x H x W x C with known H, W, C.`,
    );
  return [h, w, c];
};

/** Indices into the L+1 states x_T .. x_0 of the frames of the strip (evenly spaced, ends included). */
export const stripIndices = (updates: number, frames: number): number[] => {
  const k = Math.max(1, Math.min(frames, updates + 1));
  if (k === 1) return [updates];
  return Array.from({ length: k }, (_, j) => Math.round((j * updates) / (k - 1)));
};

/** Row i of the result is row i mod B of x: a condition of batch 1 (or any B) serves N samples. */
const fitRows = (tf: TF, x: Tensor, n: number): Tensor => {
  const b = x.shape[0] ?? 1;
  if (b === n) return x;
  return tf.gather(
    x,
    tf.tensor1d(
      Int32Array.from({ length: n }, (_, i) => i % b),
      'int32',
    ),
  );
};

export interface StepCoefs {
  /** sqrt(abar_t) and sqrt(1 - abar_t) of the step being denoised. */
  sa: number;
  sn: number;
}

export interface Denoiser {
  /** The guided noise estimate eps(x_t, t) for timestep index t (0..T-1), as eps whatever the model predicts. */
  eps(x: Tensor, t: number, coefs: StepCoefs): Tensor;
}

/** Calls the handle, applies classifier-free guidance and turns a v prediction into eps. */
export const makeDenoiser = (
  tf: TF,
  handle: ModelHandle,
  params: SamplerParams,
  inputs: Record<string, Tensor | undefined>,
  n: number,
  ctx: ApplyContext,
): Denoiser => {
  const callCtx: ApplyContext = { ...ctx, training: false, batchSize: n };
  const condIn = inputs.condition;
  const nullIn = inputs.nullCondition;
  const maskIn = inputs.conditionMask;
  const call = (x: Tensor, t: number, c: Tensor | undefined, mask?: Tensor): Tensor => {
    const feed: Record<string, Tensor> = {
      [params.inputName]: x,
      [params.timestepName]: tf.fill([n], t, 'int32'),
    };
    if (c) feed[params.conditionName] = fitRows(tf, c, n);
    if (mask) feed[params.maskName] = fitRows(tf, mask, n);
    const out = handle.call(feed, callCtx)[params.outputName];
    if (!out)
      throw new Error(
        `Diffusion sampler: module ${handle.moduleId} has no output '${params.outputName}'; set outputName.`,
      );
    return out;
  };
  const w = params.guidance;
  return {
    eps: (x, t, { sa, sn }) => {
      const uncond = nullIn ?? (condIn ? tf.zerosLike(condIn) : undefined);
      // The null embedding is a whole learned sequence: the unconditional pass attends to all of it.
      const ones = maskIn ? tf.onesLike(maskIn) : undefined;
      let out: Tensor;
      if (!condIn || w === 0) out = call(x, t, uncond, ones);
      else if (w === 1) out = call(x, t, condIn, maskIn);
      else {
        // Ho & Salimans 2022, eq. 6 written as eps_u + w (eps_c - eps_u).
        const ou = call(x, t, uncond, ones);
        out = tf.add(ou, tf.mul(tf.sub(call(x, t, condIn, maskIn), ou), w));
      }
      // v = sa eps - sn x0 and x = sa x0 + sn eps give eps = sn x + sa v.
      return params.prediction === 'v' ? tf.add(tf.mul(x, sn), tf.mul(out, sa)) : out;
    },
  };
};

/** x0 predicted from x_t and eps, clipped to the data range when asked, with eps recomputed from it. */
export const predictX0 = (
  tf: TF,
  params: SamplerParams,
  x: Tensor,
  eps: Tensor,
  { sa, sn }: StepCoefs,
): { x0: Tensor; eps: Tensor } => {
  const x0 = tf.div(tf.sub(x, tf.mul(eps, sn)), sa);
  if (!params.clipX0) return { x0, eps };
  const clipped = tf.clipByValue(x0, params.clipMin, params.clipMax);
  return { x0: clipped, eps: tf.div(tf.sub(x, tf.mul(clipped, sa)), sn) };
};

/**
 * Runs `updates` steps of `step` from x ~ N(0, I), without gradients: each step's tensors are
 * freed by its tf.tidy. `step(x, i, noise)` returns the next state; `noise()` draws N(0, I) like x
 * from the sampler's own seed stream.
 */
export const runDenoisingLoop = (
  tf: TF,
  params: SamplerParams,
  shape: [number, number, number],
  ctx: ApplyContext,
  updates: number,
  step: (x: Tensor, i: number, noise: () => Tensor) => Tensor,
): { samples: tfjs.Tensor4D; strip: tfjs.Tensor4D } => {
  const n = params.count;
  const full = [n, ...shape];
  const seeds = seedStream(params.seed > 0 ? params.seed : ctx.rng.seed());
  const noise = (): Tensor => tf.randomNormal(full, 0, 1, 'float32', seeds.next());
  const record = new Set(stripIndices(updates, params.stripFrames));
  const rows = Math.min(n, Math.max(1, params.stripRows));
  const frames: Tensor[] = [];
  const keepFrame = (x: Tensor): void => {
    frames.push(tf.tidy(() => tf.slice(x, [0, 0, 0, 0], [rows, ...shape])));
  };
  let x = noise();
  if (record.has(0)) keepFrame(x);
  for (let i = 0; i < updates; i++) {
    const prev = x;
    x = tf.tidy(() => step(prev, i, noise));
    prev.dispose();
    if (record.has(i + 1)) keepFrame(x);
  }
  // Row r of the strip is sample r at every recorded step: [R, K, h, w, c] laid out as [R * K, h, w, c].
  const strip = tf.tidy(() =>
    tf.reshape(tf.stack(frames, 1), [rows * frames.length, ...shape]),
  ) as tfjs.Tensor4D;
  tf.dispose(frames);
  return { samples: x as tfjs.Tensor4D, strip };
};
