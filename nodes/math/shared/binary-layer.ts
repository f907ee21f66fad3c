// The runtime layer of a weightless (a, b) -> y node; tf's ops broadcast NumPy-style.
import type { NodeLayer, Tensor } from '../../../core/node-contract/node-definition';

export const binaryLayer = (f: (a: Tensor, b: Tensor) => Tensor): NodeLayer => ({
  weights: {},
  apply: (inputs) => {
    const a = inputs['a'];
    const b = inputs['b'];
    if (!a || !b) throw new Error("This node needs tensors on both 'a' and 'b'.");
    return { y: f(a, b) };
  },
});
