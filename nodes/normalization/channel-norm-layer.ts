// The layer shape shared by LayerNorm, GroupNorm and RMSNorm: a per-channel gain gamma (ones)
// and, unless `beta` is false, a bias beta (zeros), both [C] for the input's last axis C, applied
// by the node's pure forward function.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
  Variable,
} from '../../core/node-contract/node-definition';
import { onesVar, zerosVar } from '../shared/init';

export interface ChannelNormSpec {
  /** 'normalization/layer-norm': names the node in errors. */
  id: string;
  beta: boolean;
  /** Why channel count c does not work for this node (inferShapes reported it first), if it does not. */
  refuse?: (c: number) => string | undefined;
  forward: (x: Tensor, gamma: Tensor, beta: Tensor | undefined) => Tensor;
}

export const createChannelNormLayer = (
  tf: TF,
  ctx: BuildContext,
  spec: ChannelNormSpec,
): NodeLayer => {
  const x = ctx.inputs['x'];
  const c = x?.kind === 'tensor' ? x.shape[x.shape.length - 1] : undefined;
  const why = typeof c !== 'number' ? 'the channel count is unknown' : spec.refuse?.(c);
  if (why !== undefined || typeof c !== 'number')
    throw new Error(`${spec.id} ${ctx.nodeId}: ${why ?? 'the channel count is unknown'}.`);
  const weights: Record<string, Variable> = { gamma: onesVar(tf, [c]) };
  if (spec.beta) weights['beta'] = zerosVar(tf, [c]);
  return {
    weights,
    apply: (inputs) => {
      const input = inputs['x'];
      if (!input) throw new Error(`${spec.id} needs x.`);
      return { y: spec.forward(input, weights['gamma'] as Variable, weights['beta']) };
    },
    dispose: () => tf.dispose(Object.values(weights)),
  };
};
