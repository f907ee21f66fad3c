// Identity in the forward pass; no gradient flows back (PyTorch's .detach()).
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';
import { stopGradient } from '../../shared/gradient';

export const createStopGradientLayer = (
  tf: TF,
  _params: Record<string, never>,
  _ctx?: BuildContext,
): NodeLayer => ({
  weights: {},
  apply: (inputs) => {
    const x = inputs.x;
    if (!x) throw new Error('math/stop-gradient needs x.');
    return { y: stopGradient(tf, x) };
  },
});
