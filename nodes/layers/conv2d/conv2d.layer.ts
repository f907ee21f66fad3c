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

/** x [b, h, w, cin] -> [b, h', w', filters] with kernel [k, k, cin, filters] and optional bias. */
export const conv2dForward = (
  tf: TF,
  x: Tensor,
  kernel: Tensor,
  bias: Tensor | undefined,
  p: Pick<Conv2dParams, 'stride' | 'padding' | 'dilation'>,
): Tensor => {
  const y = tf.conv2d(
    x as never,
    kernel as never,
    p.stride,
    p.padding === 'valid' ? 'valid' : 'same',
    'NHWC',
    p.dilation,
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
