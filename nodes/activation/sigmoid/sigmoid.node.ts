// ... any shape, unchanged.
import { elementwiseNode } from '../shared/elementwise-node';
import { createSigmoidLayer } from './sigmoid.layer';

export const sigmoidNode = elementwiseNode({
  id: 'activation/sigmoid',
  title: 'Sigmoid',
  doc: "Logistic sigmoid 1 / (1 + exp(-x)), elementwise, into (0, 1) (torch.nn.Sigmoid, keras.activations.sigmoid): gates, masks and outputs for data in [0, 1]. For a binary classifier's loss prefer feeding logits to a with-logits loss. tfjs's own tf.sigmoid has a silently wrong second derivative, so a plain sigmoid must not sit inside a gradient-penalty critic (WGAN-GP, R1); this node recomputes the derivative from x, which makes its second derivative right (checked against finite differences in its test).",
  params: {},
  build: (tf, params, ctx) => createSigmoidLayer(tf, params as Record<string, never>, ctx),
  factory: 'createSigmoidLayer',
});
