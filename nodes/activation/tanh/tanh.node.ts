// ... any shape, unchanged.
import { elementwiseNode } from '../shared/elementwise-node';
import { createTanhLayer } from './tanh.layer';

export const tanhNode = elementwiseNode({
  id: 'activation/tanh',
  title: 'Tanh',
  doc: "Hyperbolic tangent, elementwise, into (-1, 1) (torch.nn.Tanh, keras.activations.tanh): the usual last layer of an image generator whose data is scaled to [-1, 1]. tfjs's own tf.tanh has a silently wrong second derivative, so a plain tanh must not sit inside a gradient-penalty critic (WGAN-GP, R1); this node recomputes the derivative from x, which makes its second derivative right (checked against finite differences in its test).",
  params: {},
  build: (tf, params, ctx) => createTanhLayer(tf, params as Record<string, never>, ctx),
  factory: 'createTanhLayer',
});
