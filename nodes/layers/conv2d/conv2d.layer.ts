// 2-D convolution, NHWC: x [b, h, w, cin] * kernel [k, k, cin, filters] (+ bias [filters]).
// Padding follows TensorFlow: same -> ceil(h/s), valid -> floor((h - d(k-1) - 1)/s) + 1.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
  Variable,
} from '../../../core/node-contract/node-definition';
import { seedStream, zerosVar } from '../../shared/init';
import { initKernel } from '../kernel-init';

export interface Conv2dParams {
  filters: number;
  kernel: number;
  stride: number;
  padding: string;
  dilation: number;
  bias: boolean;
  init: string;
}

/**
 * The dilated kernel as a plain one: [k, k, cin, co] -> [d(k-1)+1, d(k-1)+1, cin, co] with
 * d-1 zeros between taps. tfjs has no gradient for conv2d with dilation > 1 (it throws), so
 * a dilated conv runs as a stride-1 conv with this kernel; pad, reshape and slice carry the
 * gradient back to the k x k taps. Same padding agrees: TensorFlow pads by the effective size.
 */
export const dilateKernel = (tf: TF, kernel: Tensor, d: number): Tensor => {
  const [k = 1, , cin = 1, co = 1] = kernel.shape;
  const eff = d * (k - 1) + 1;
  const spaced = tf.pad(tf.reshape(kernel, [k, 1, k, 1, cin * co]), [
    [0, 0],
    [0, d - 1],
    [0, 0],
    [0, d - 1],
    [0, 0],
  ]);
  return tf.reshape(
    tf.slice(tf.reshape(spaced, [k * d, k * d, cin * co]), [0, 0, 0], [eff, eff, cin * co]),
    [eff, eff, cin, co],
  );
};

/** x [b, h, w, cin] -> [b, h', w', filters] with kernel [k, k, cin, filters] and optional bias. */
export const conv2dForward = (
  tf: TF,
  x: Tensor,
  kernel: Tensor,
  bias: Tensor | undefined,
  p: Pick<Conv2dParams, 'stride' | 'padding' | 'dilation'>,
): Tensor => {
  const w = p.dilation > 1 ? dilateKernel(tf, kernel, p.dilation) : kernel;
  const y = tf.conv2d(
    x as never,
    w as never,
    p.stride,
    p.padding === 'valid' ? 'valid' : 'same',
    'NHWC',
  ) as Tensor;
  return bias ? tf.add(y, bias) : y;
};

export const createConv2dLayer = (tf: TF, params: Conv2dParams, ctx: BuildContext): NodeLayer => {
  const x = ctx.inputs['x'];
  const cin = x?.kind === 'tensor' ? x.shape[3] : undefined;
  if (typeof cin !== 'number')
    throw new Error(`layers/conv2d ${ctx.nodeId}: the input channel count is unknown.`);
  const { kernel: k, filters } = params;
  const seeds = seedStream(ctx.seed);
  const weights: Record<string, Variable> = {
    kernel: initKernel(tf, params.init, [k, k, cin, filters], k * k * cin, k * k * filters, seeds),
  };
  if (params.bias) weights['bias'] = zerosVar(tf, [filters]);
  return {
    weights,
    apply: (inputs) => {
      const input = inputs['x'];
      if (!input) throw new Error('layers/conv2d needs x.');
      return {
        y: conv2dForward(tf, input, weights['kernel'] as Variable, weights['bias'], params),
      };
    },
    dispose: () => tf.dispose(Object.values(weights)),
  };
};
