// Gradient helpers: tfjs has no stopGradient, so detach and straight-through are custom gradients.
// Ops inside a customGrad forward are not recorded on the tape, which also keeps argMin/oneHot
// (non-differentiable index work) out of backprop.
import type { TF, Tensor } from '../../core/node-contract/node-definition';

type GradFn = (...xs: Tensor[]) => { value: Tensor; gradFunc: (dy: Tensor) => Tensor | Tensor[] };

const custom = (tf: TF, f: GradFn): ((...xs: Tensor[]) => Tensor) =>
  tf.customGrad(f as unknown as Parameters<TF['customGrad']>[0]) as unknown as (
    ...xs: Tensor[]
  ) => Tensor;

/** Returns x's value; the gradient stops here (PyTorch's x.detach()). */
export const stopGradient = (tf: TF, x: Tensor): Tensor =>
  custom(tf, (a) => ({ value: tf.clone(a), gradFunc: (dy) => tf.zerosLike(dy) }))(x);

/**
 * Straight-through estimator (van den Oord et al. 2017, eq. 3 read as z + sg(zq - z)):
 * the value is `quantized`, the gradient goes to `input` unchanged and none to `quantized`.
 */
export const straightThrough = (tf: TF, input: Tensor, quantized: Tensor): Tensor =>
  custom(tf, (_a, b) => ({
    value: tf.clone(b as Tensor),
    gradFunc: (dy) => [tf.clone(dy), tf.zerosLike(b as Tensor)],
  }))(input, quantized);

/** Runs fn on inputs without recording it for gradients (its gradient is zero for every input). */
export const noGrad = (tf: TF, inputs: Tensor[], fn: (...xs: Tensor[]) => Tensor): Tensor =>
  custom(tf, (...args) => {
    // customGrad appends a `save` function after the tensors; use only the tensors.
    const xs = args.slice(0, inputs.length);
    return { value: fn(...xs), gradFunc: () => xs.map((x) => tf.zerosLike(x)) };
  })(...inputs);
