// autoregressive/bernoulli-nll — exact NLL (nats per image) of binary images under per-pixel logits.
// b batch, h w spatial, c channels; output: scalar mean over the batch, and [b] per image.
import { defineNode } from '../../../core/node-contract/node-definition';
import { formatShape, tensorType } from '../../../core/shapes/tensor-type';
import type { PortDiagnostic, ShapeResult } from '../../../core/node-contract/node-definition';
import { createBernoulliNllLayer } from './bernoulli-nll.layer';

export const bernoulliNllNode = defineNode({
  id: 'autoregressive/bernoulli-nll',
  version: 1,
  title: 'Bernoulli NLL (nats/image)',
  category: 'loss',
  role: 'loss',
  doc:
    'Negative log-likelihood of binary images in nats per image: the sum over pixels of the Bernoulli cross-entropy ' +
    'of each logit, averaged over the batch. With an autoregressive model (FVSBN, NADE, MADE, PixelCNN) feeding the ' +
    'logits, this is the exact -log p(x) reported in papers on binarized MNIST. A uniform model scores d ln 2 (543.4 on 28x28).',
  paper: {
    citation: 'Larochelle & Murray 2011, section 4 (average test negative log-likelihood)',
    equation: '-log p(x) = sum_i softplus(l_i) - x_i l_i',
  },
  inputs: [
    {
      name: 'logits',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['B', '...'],
      gradient: 'flows',
      doc: 'Logit of p(x_i = 1 | x_<i) per pixel.',
    },
    {
      name: 'target',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['B', '...'],
      gradient: 'none',
      doc: 'The binary images (0 or 1), same shape.',
    },
  ],
  outputs: [
    {
      name: 'loss',
      kind: 'tensor',
      dtype: 'float32',
      rank: 0,
      dims: [],
      doc: 'Mean NLL over the batch, nats per image.',
    },
    {
      name: 'perExample',
      kind: 'tensor',
      dtype: 'float32',
      rank: 1,
      dims: ['B'],
      gradient: 'flows',
      doc: 'NLL of each image, nats.',
    },
  ],
  params: {},
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const l = ctx.inputs.logits;
    const t = ctx.inputs.target;
    for (const [port, v] of [
      ['logits', l],
      ['target', t],
    ] as const) {
      if (!v)
        diagnostics.push({
          severity: 'error',
          port,
          message: `Connect ${port}: Bernoulli NLL needs the model's logits and the binary images.`,
        });
      else if (v.kind !== 'tensor')
        diagnostics.push({
          severity: 'error',
          port,
          message: `${port} takes a tensor, not a model handle.`,
        });
    }
    if (l?.kind === 'tensor' && t?.kind === 'tensor') {
      const same =
        l.shape.length === t.shape.length &&
        l.shape.every((d, i) => d === t.shape[i] || d === '?' || t.shape[i] === '?');
      if (!same)
        diagnostics.push({
          severity: 'error',
          port: 'target',
          message: `logits are ${formatShape(l.shape)} but target is ${formatShape(t.shape)}; feed the model the same images you score.`,
        });
    }
    const batch =
      l?.kind === 'tensor' && l.shape.length > 0 ? (l.shape[0] as string | number) : 'B';
    return {
      outputs: diagnostics.length
        ? {}
        : { loss: tensorType('float32', []), perExample: tensorType('float32', [batch]) },
      diagnostics,
    };
  },
  build: (tf, params, ctx) => createBernoulliNllLayer(tf, params as Record<string, never>, ctx),
  emit: {
    layerModule: 'autoregressive/bernoulli-nll/bernoulli-nll.layer',
    factory: 'createBernoulliNllLayer',
  },
});
