// Vector quantizer (VQ-VAE). b batch, h w spatial, d code dim, k codebook size, n = b*h*w rows.
// Nearest code by squared distance; lookup as one-hot(n x k) x codebook(k x d), so no gather
// gradient is needed; straight-through gradient to the encoder (eq. 3 of the paper).
// The `codebook` output is the k x d codebook behind a stop-gradient.
import type {
  ApplyContext,
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
  Variable,
} from '../../../core/node-contract/node-definition';
import { noGrad, stopGradient, straightThrough } from '../../shared/gradient';
import { seedStream } from '../../shared/init';

export interface VectorQuantizerParams {
  codebookSize: number;
  beta: number;
  ema: boolean;
  emaDecay: number;
  deadCodeThreshold: number;
}

/** Rows of the batch kept for dead-code restarts. */
const RESTART_POOL = 256;

export const createVectorQuantizerLayer = (
  tf: TF,
  params: VectorQuantizerParams,
  ctx: BuildContext,
): NodeLayer => {
  const input = ctx.inputs.z;
  const d = input?.kind === 'tensor' ? Number(input.shape[input.shape.length - 1]) : NaN;
  if (!Number.isInteger(d))
    throw new Error(`quantize/vector-quantizer ${ctx.nodeId}: code dim unknown.`);
  const k = params.codebookSize;
  const seeds = seedStream(ctx.seed);
  // Codebook init: uniform in [-1/k, 1/k] as in the reference implementation (Sonnet VQ-VAE).
  const codebook = tf.tidy(() =>
    tf.variable(tf.randomUniform([k, d], -1 / k, 1 / k, 'float32', seeds.next()), !params.ema),
  );
  const state: Record<string, Variable> = {
    // EMA of how many rows each code received per step (both modes; drives dead-code restarts).
    usage: tf.tidy(() => tf.variable(tf.fill([k], 1), false)),
  };
  if (params.ema) {
    state.codebook = codebook;
    state.emaCount = tf.tidy(() => tf.variable(tf.zeros([k]), false));
    state.emaSum = tf.tidy(() => tf.variable(tf.zeros([k, d]), false));
  }
  const weights: Record<string, Variable> = params.ema ? {} : { codebook };
  const wantStats = params.ema || params.deadCodeThreshold > 0;
  let stash: { counts: Tensor; sums: Tensor; pool: Tensor } | undefined;
  let lastCounts: number[] | undefined;

  const dropStash = (): void => {
    if (stash) tf.dispose([stash.counts, stash.sums, stash.pool]);
    stash = undefined;
  };

  const apply = (
    inputs: Record<string, Tensor | undefined>,
    actx: ApplyContext,
  ): Record<string, Tensor> => {
    const z = inputs.z;
    if (!z) throw new Error('quantize/vector-quantizer needs z.');
    const shape = z.shape;
    const flat = tf.reshape(z, [-1, d]);
    // ||z - e||^2 = ||z||^2 - 2 z.e + ||e||^2, argmin over k; kept off the gradient tape.
    const oneHot = noGrad(tf, [flat, codebook], (f, c) => {
      const dist = tf.add(
        tf.sub(tf.sum(tf.square(f), 1, true), tf.mul(2, tf.matMul(f, c, false, true))),
        tf.reshape(tf.sum(tf.square(c), 1), [1, k]),
      );
      return tf.oneHot(tf.argMin(dist, 1), k).toFloat();
    });
    const zq = tf.matMul(oneHot, codebook);
    // Codebook term ||sg[z] - e||^2 (skipped with EMA updates) + beta * commitment ||z - sg[e]||^2.
    const commitment = tf.mean(tf.squaredDifference(flat, stopGradient(tf, zq)));
    const codebookTerm = params.ema
      ? tf.scalar(0)
      : tf.mean(tf.squaredDifference(stopGradient(tf, flat), zq));
    const loss = tf.add(codebookTerm, tf.mul(params.beta, commitment));
    const probs = tf.mean(oneHot, 0);
    const perplexity = tf.exp(tf.neg(tf.sum(tf.mul(probs, tf.log(tf.add(probs, 1e-10))))));
    const indices = tf.reshape(tf.argMax(oneHot, 1), shape.slice(0, -1));
    if (actx.training && wantStats) {
      dropStash();
      const n = flat.shape[0] ?? 1;
      stash = {
        counts: tf.keep(tf.sum(oneHot, 0)),
        sums: tf.keep(tf.matMul(oneHot, flat, true, false)),
        pool: tf.keep(
          n > RESTART_POOL ? tf.slice(flat, [0, 0], [RESTART_POOL, d]) : tf.clone(flat),
        ),
      };
    }
    return {
      quantized: tf.reshape(straightThrough(tf, flat, zq), shape),
      indices,
      loss,
      perplexity,
      // Read-only view of the codebook (e.g. for a Codebook Lookup): no gradient path into the weights.
      codebook: stopGradient(tf, codebook),
    };
  };

  const afterStep = (actx: ApplyContext): void => {
    const s = stash;
    if (!s) return;
    tf.tidy(() => {
      const usage = state.usage as Variable;
      usage.assign(tf.add(tf.mul(usage, 0.99), tf.mul(s.counts, 0.01)));
      if (params.ema) {
        // EMA codebook (van den Oord et al. 2017, appendix A.1; Razavi et al. 2019, eqs. 6-8):
        // N_i <- g N_i + (1-g) n_i ; m_i <- g m_i + (1-g) sum z ; e_i = m_i / N_i (Laplace-smoothed N).
        const g = params.emaDecay;
        const count = state.emaCount as Variable;
        const sum = state.emaSum as Variable;
        count.assign(tf.add(tf.mul(count, g), tf.mul(s.counts, 1 - g)));
        sum.assign(tf.add(tf.mul(sum, g), tf.mul(s.sums, 1 - g)));
        const total = tf.sum(count);
        const eps = 1e-5;
        const smoothed = tf.mul(tf.div(tf.add(count, eps), tf.add(total, k * eps)), total);
        codebook.assign(tf.div(sum, tf.reshape(smoothed, [k, 1])));
      }
    });
    if (params.deadCodeThreshold > 0) restartDeadCodes(actx, s.pool);
    lastCounts = Array.from(s.counts.dataSync());
    dropStash();
  };

  // Dead-code restart: a code whose usage EMA fell below the threshold is moved onto a random
  // encoder output of the last batch (Dhariwal et al., Jukebox 2020, sec. 3.3 "random restarts").
  const restartDeadCodes = (actx: ApplyContext, pool: Tensor): void => {
    const usage = (state.usage as Variable).dataSync();
    const dead: number[] = [];
    usage.forEach((u, i) => {
      if (u < params.deadCodeThreshold) dead.push(i);
    });
    if (dead.length === 0) return;
    const rows = pool.shape[0] ?? 1;
    const picks = dead.map(() => actx.rng.int(rows));
    tf.tidy(() => {
      const mask = tf.reshape(tf.oneHot(tf.tensor1d(dead, 'int32'), k).sum(0), [k, 1]);
      const chosen = tf.gather(pool, tf.tensor1d(picks, 'int32'));
      const placed = tf.matMul(
        tf.oneHot(tf.tensor1d(dead, 'int32'), k).toFloat(),
        chosen,
        true,
        false,
      );
      const keep = tf.sub(1, mask);
      codebook.assign(tf.add(tf.mul(codebook, keep), placed));
      const usageVar = state.usage as Variable;
      usageVar.assign(
        tf.add(
          tf.mul(usageVar, tf.reshape(keep, [k])),
          tf.mul(tf.reshape(mask, [k]), params.deadCodeThreshold * 2),
        ),
      );
      if (params.ema) {
        const count = state.emaCount as Variable;
        const sum = state.emaSum as Variable;
        count.assign(tf.add(tf.mul(count, tf.reshape(keep, [k])), tf.reshape(mask, [k])));
        sum.assign(tf.add(tf.mul(sum, keep), placed));
      }
    });
  };

  return {
    weights,
    state,
    apply,
    afterStep,
    preview: () => ({
      codebookSize: k,
      lastCounts: lastCounts ?? [],
      usage: Array.from((state.usage as Variable).dataSync()),
    }),
    dispose: () => {
      dropStash();
      tf.dispose([codebook, ...Object.values(state).filter((v) => v !== codebook)]);
    },
  };
};
