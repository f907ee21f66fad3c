// exp, sigmoid and tanh with second derivatives that are right. tfjs computes the gradients of
// its own Exp, Sigmoid and Tanh kernels from the saved output as a constant, so the gradient of
// that gradient is silently wrong (measured: /work/shared/notes/tfjs-gradients.md). Here the
// derivative is recomputed from x inside a custom gradient, so differentiating it again goes
// through recorded ops (only the third derivative would be off). Values are tf's own.
import type { TF, Tensor } from '../../../core/node-contract/node-definition';

type Unary = (x: Tensor) => Tensor;

/** f with gradient dy * df(x), df built from differentiable ops on x. */
const withDerivative = (tf: TF, f: Unary, df: Unary): Unary => {
  const g = tf.customGrad(((x: Tensor, save: (ts: Tensor[]) => void) => {
    save([x]);
    return {
      value: f(x),
      gradFunc: (dy: Tensor, saved: Tensor[]) => tf.mul(dy, df(saved[0] as Tensor)),
    };
  }) as unknown as Parameters<TF['customGrad']>[0]);
  return (x) => g(x) as Tensor;
};

export const smoothExp = (tf: TF): Unary =>
  withDerivative(
    tf,
    (x) => tf.exp(x),
    (x) => tf.exp(x),
  );

/** sigmoid' = s (1 - s). */
export const smoothSigmoid = (tf: TF): Unary =>
  withDerivative(
    tf,
    (x) => tf.sigmoid(x),
    (x) => {
      const s = tf.sigmoid(x);
      return tf.mul(s, tf.sub(1, s));
    },
  );

/** tanh' = 1 - tanh^2. */
export const smoothTanh = (tf: TF): Unary =>
  withDerivative(
    tf,
    (x) => tf.tanh(x),
    (x) => tf.sub(1, tf.square(tf.tanh(x))),
  );
