// Port declarations shared by the autoregressive density models.
import type { PortSpec } from '../../../core/node-contract/port-spec';

export const imageInputPort: PortSpec = {
  name: 'x',
  label: 'images',
  kind: 'tensor',
  dtype: 'float32',
  rank: 4,
  dims: ['B', 'H', 'W', 'C'],
  gradient: 'flows',
  doc: 'Binary images (0 or 1). The model conditions pixel i on the pixels before it in its order.',
};

export const logitsOutputPort: PortSpec = {
  name: 'logits',
  label: 'logits',
  kind: 'tensor',
  dtype: 'float32',
  rank: 4,
  dims: ['B', 'H', 'W', 'C'],
  gradient: 'flows',
  doc: 'Bernoulli logit of each pixel given the pixels before it: p(x_i = 1 | x_<i) = sigmoid(logit_i).',
};
