// The runtime layer of a weightless elementwise node: y = f(x), any shape.
import type { NodeLayer, Tensor } from '../../../core/node-contract/node-definition';

export const elementwiseLayer = (f: (x: Tensor) => Tensor): NodeLayer => ({
  weights: {},
  apply: (inputs) => {
    const x = inputs['x'];
    if (!x) throw new Error("This activation needs a tensor on its 'x' input.");
    return { y: f(x) };
  },
});
