// The code a new Custom Layer starts with: Tessera's own text (y = x * w + b), so it is trusted
// on every machine; any other code must be trusted by the user before it runs.
export const DEFAULT_CUSTOM_CODE = `// y = forward(tf, x, weights, ctx). tf is TensorFlow.js, x the input tensor, weights the
// weights declared below (by name), ctx { training, step }. Return one tensor of the output shape.
// TF, Tensor, Weights and ForwardContext are in scope; use tf ops only (they run inside tf.tidy,
// and gradients flow through them).
export function forward(tf: TF, x: Tensor, weights: Weights, ctx: ForwardContext): Tensor {
  return tf.add(tf.mul(x, weights.w!), weights.b!);
}
`;

export const DEFAULT_CUSTOM_WEIGHTS = 'w: [C] ones\nb: [C] zeros';
