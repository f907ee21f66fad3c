// Optimizers written out in tf ops so that their state is plain, named and checkpointable, and
// the exported program runs the same update. v a weight, g its gradient, t the step count.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
  Variable,
} from '../../../core/node-contract/node-definition';

export interface OptimizerParams {
  algorithm: string;
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  momentum: number;
  weightDecay: number;
  clipGradNorm: number;
  clipWeights: number;
}

/** An optimizer node's runtime: the trainer hands it the gradients of the weights it updates. */
export interface OptimizerLayer extends NodeLayer {
  kind: 'optimizer';
  /**
   * One update. `weights` and `grads` share stable keys. Clips the global gradient norm to
   * `clipGradNorm` (the objective's, else the node's; 0 = off), then clamps weights to
   * +-clipWeights when set. Returns the global gradient norm before clipping (a scalar tensor).
   */
  update(
    weights: Record<string, Variable>,
    grads: Record<string, Tensor>,
    clipGradNorm?: number,
  ): Tensor;
  /** Slots (moments) and the step count, keyed by stable names, for checkpoints. */
  saveState(): Record<string, Tensor>;
  loadState(state: Record<string, Tensor>): void;
}

export const isOptimizerLayer = (l: NodeLayer): l is OptimizerLayer =>
  (l as Partial<OptimizerLayer>).kind === 'optimizer';

export const createOptimizerLayer = (
  tf: TF,
  params: OptimizerParams,
  _ctx?: BuildContext,
): OptimizerLayer => {
  let t = 0;
  const slots = new Map<string, Variable>();
  const slot = (key: string, like: Tensor): Variable => {
    let v = slots.get(key);
    if (!v) {
      v = tf.variable(tf.zerosLike(like), false);
      slots.set(key, v);
    }
    return v;
  };

  const update = (
    weights: Record<string, Variable>,
    grads: Record<string, Tensor>,
    clipOverride?: number,
  ): Tensor =>
    tf.tidy(() => {
      t += 1;
      const keys = Object.keys(grads).filter((k) => weights[k] !== undefined);
      const norm = tf.sqrt(tf.addN(keys.map((k) => tf.sum(tf.square(grads[k] as Tensor)))));
      const clip = clipOverride && clipOverride > 0 ? clipOverride : params.clipGradNorm;
      // Global-norm clipping (Pascanu et al. 2013): g <- g * min(1, clip / ||g||).
      const scale = clip > 0 ? tf.minimum(1, tf.div(clip, tf.add(norm, 1e-6))) : undefined;
      const { lr, beta1: b1, beta2: b2, epsilon: eps, momentum, weightDecay: wd } = params;
      for (const key of keys) {
        const v = weights[key] as Variable;
        let g = grads[key] as Tensor;
        if (scale) g = tf.mul(g, scale);
        if (wd > 0 && params.algorithm !== 'adamw') g = tf.add(g, tf.mul(v, wd)); // coupled L2
        let next: Tensor;
        if (params.algorithm === 'adam' || params.algorithm === 'adamw') {
          // Adam (Kingma & Ba 2015, Algorithm 1); AdamW's decoupled decay (Loshchilov & Hutter 2019).
          const m = slot(`${key}/m`, v);
          const s = slot(`${key}/v`, v);
          m.assign(tf.add(tf.mul(m, b1), tf.mul(g, 1 - b1)));
          s.assign(tf.add(tf.mul(s, b2), tf.mul(tf.square(g), 1 - b2)));
          const mHat = tf.div(m, 1 - b1 ** t);
          const vHat = tf.div(s, 1 - b2 ** t);
          next = tf.sub(v, tf.mul(lr, tf.div(mHat, tf.add(tf.sqrt(vHat), eps))));
          if (params.algorithm === 'adamw' && wd > 0) next = tf.sub(next, tf.mul(v, lr * wd));
        } else if (params.algorithm === 'rmsprop') {
          // RMSprop (Tieleman & Hinton 2012): beta2 is the decay of the squared-gradient average.
          const s = slot(`${key}/v`, v);
          s.assign(tf.add(tf.mul(s, b2), tf.mul(tf.square(g), 1 - b2)));
          let step = tf.div(g, tf.add(tf.sqrt(s), eps));
          if (momentum > 0) {
            const buf = slot(`${key}/mom`, v);
            buf.assign(tf.add(tf.mul(buf, momentum), step));
            step = buf;
          }
          next = tf.sub(v, tf.mul(step, lr));
        } else {
          // SGD with optional heavy-ball momentum.
          let step = g;
          if (momentum > 0) {
            const buf = slot(`${key}/mom`, v);
            buf.assign(tf.add(tf.mul(buf, momentum), g));
            step = buf;
          }
          next = tf.sub(v, tf.mul(step, lr));
        }
        // Weight clipping (Arjovsky et al., WGAN 2017, Algorithm 1 line 7).
        if (params.clipWeights > 0)
          next = tf.clipByValue(next, -params.clipWeights, params.clipWeights);
        v.assign(next);
      }
      return norm;
    });

  return {
    kind: 'optimizer',
    weights: {},
    apply: () => ({}),
    update,
    saveState: () => {
      const out: Record<string, Tensor> = { t: tf.scalar(t) };
      for (const [k, v] of slots) out[`slot/${k}`] = v;
      return out;
    },
    loadState: (state) => {
      const step = state.t;
      t = step ? (step.dataSync()[0] ?? 0) : 0;
      for (const [k, v] of Object.entries(state)) {
        if (!k.startsWith('slot/')) continue;
        const key = k.slice(5);
        const existing = slots.get(key);
        if (existing) existing.assign(v);
        else slots.set(key, tf.variable(v, false));
      }
    },
    dispose: () => {
      for (const v of slots.values()) v.dispose();
      slots.clear();
    },
  };
};
