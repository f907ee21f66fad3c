// Transposed 2-D convolution, NHWC: x [b, h, w, cin] -> [b, h', w', filters] with a kernel
// [k, k, filters, cin] (the layout tf.conv2dTranspose wants). It is the gradient of a Conv2D
// with that kernel: same -> h' = h*s, valid -> h' = (h-1)*s + k.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
  Variable,
} from '../../../core/node-contract/node-definition';
import { seedStream, zerosVar } from '../../shared/init';
import { initKernel } from '../kernel-init';

export interface ConvTranspose2dParams {
  filters: number;
  kernel: number;
  stride: number;
  padding: string;
  bias: boolean;
  init: string;
}

/** x [b, h, w, cin] -> [b, h', w', filters] with kernel [k, k, filters, cin] and optional bias. */
export const convTranspose2dForward = (
  tf: TF,
  x: Tensor,
  kernel: Tensor,
  bias: Tensor | undefined,
  p: Pick<ConvTranspose2dParams, 'stride' | 'padding'>,
): Tensor => {
  const [k, , filters] = kernel.shape as [number, number, number, number];
  const [b, h, w] = x.shape as [number, number, number, number];
  const s = p.stride;
  const size = (n: number): number => (p.padding === 'valid' ? (n - 1) * s + k : n * s);
  const y = tf.conv2dTranspose(
    x as never,
    kernel as never,
    [b, size(h), size(w), filters],
    s,
    p.padding === 'valid' ? 'valid' : 'same',
  ) as Tensor;
  return bias ? tf.add(y, bias) : y;
};

export const createConvTranspose2dLayer = (
  tf: TF,
  params: ConvTranspose2dParams,
  ctx: BuildContext,
): NodeLayer => {
  const x = ctx.inputs['x'];
  const cin = x?.kind === 'tensor' ? x.shape[3] : undefined;
  if (typeof cin !== 'number')
    throw new Error(`layers/conv-transpose2d ${ctx.nodeId}: the input channel count is unknown.`);
  const { kernel: k, filters } = params;
  const seeds = seedStream(ctx.seed);
  // Fan-in counts the input channels each output tap sums over (k*k*cin), as nodes/shared/conv.ts does.
  const weights: Record<string, Variable> = {
    kernel: initKernel(tf, params.init, [k, k, filters, cin], k * k * cin, k * k * filters, seeds),
  };
  if (params.bias) weights['bias'] = zerosVar(tf, [filters]);
  return {
    weights,
    apply: (inputs) => {
      const input = inputs['x'];
      if (!input) throw new Error('layers/conv-transpose2d needs x.');
      return {
        y: convTranspose2dForward(
          tf,
          input,
          weights['kernel'] as Variable,
          weights['bias'],
          params,
        ),
      };
    },
    dispose: () => tf.dispose(Object.values(weights)),
  };
};
