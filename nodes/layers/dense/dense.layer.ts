// Dense (fully connected) on the last axis: y = x W + b for x [..., cin], W [cin, units], b [units].
// Leading axes are flattened into rows for one matMul, then restored.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
  Variable,
} from '../../../core/node-contract/node-definition';
import { zerosVar, seedStream } from '../../shared/init';
import { initKernel } from '../kernel-init';

export interface DenseParams {
  units: number;
  bias: boolean;
  init: string;
}

/** x [..., cin] -> [..., units] with the given kernel [cin, units] and optional bias [units]. */
export const denseForward = (tf: TF, x: Tensor, kernel: Tensor, bias?: Tensor): Tensor => {
  const cin = kernel.shape[0] as number;
  const units = kernel.shape[1] as number;
  const lead = x.shape.slice(0, -1);
  const rows = x.rank === 2 ? x : tf.reshape(x, [-1, cin]);
  let y = tf.matMul(rows as never, kernel as never) as Tensor;
  if (bias) y = tf.add(y, bias);
  return x.rank === 2 ? y : tf.reshape(y, [...lead, units]);
};

export const createDenseLayer = (tf: TF, params: DenseParams, ctx: BuildContext): NodeLayer => {
  const x = ctx.inputs['x'];
  const cin = x?.kind === 'tensor' ? x.shape[x.shape.length - 1] : undefined;
  if (typeof cin !== 'number')
    throw new Error(`layers/dense ${ctx.nodeId}: the input channel count is unknown.`);
  const seeds = seedStream(ctx.seed);
  const weights: Record<string, Variable> = {
    kernel: initKernel(tf, params.init, [cin, params.units], cin, params.units, seeds),
  };
  if (params.bias) weights['bias'] = zerosVar(tf, [params.units]);
  return {
    weights,
    apply: (inputs) => {
      const input = inputs['x'];
      if (!input) throw new Error('layers/dense needs x.');
      return { y: denseForward(tf, input, weights['kernel'] as Variable, weights['bias']) };
    },
    dispose: () => tf.dispose(Object.values(weights)),
  };
};
