// b batch, h w spatial, c channels (NHWC); mask B x H x W x 1 (or x C); output: scalar.
import { weightlessCost } from '../../../core/node-contract/cost';
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { formatShape, tensorType } from '../../../core/shapes/tensor-type';
import { shapesAgree, tensorInput } from '../../shared/shape-checks';
import { createMaskedMseLayer } from './masked-mse.layer';

export const maskedMseNode = defineNode({
  id: 'ssl/masked-mse',
  version: 1,
  title: 'Masked MSE loss',
  category: 'loss',
  role: 'loss',
  doc:
    'Reconstruction error on the hidden patches only, as MAE computes it: the mean of (prediction - ' +
    'target)^2 over the pixels where mask is 1. Visible pixels add nothing to the loss or its gradient, ' +
    'so the model is graded on what it could not see. Connect the mask output of Patch Mask.',
  paper: {
    citation: 'He et al., Masked Autoencoders Are Scalable Vision Learners (MAE, 2021), section 3',
    url: 'https://arxiv.org/abs/2111.06377',
    equation: 'L = w * sum(m * (x_hat - x)^2) / (sum(m) * C)',
  },
  inputs: [
    {
      name: 'prediction',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H', 'W', 'C'],
      doc: "The decoder's reconstruction.",
    },
    {
      name: 'target',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H', 'W', 'C'],
      doc: 'The original (unmasked) images.',
    },
    {
      name: 'mask',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H', 'W', '1'],
      gradient: 'none',
      doc: '1 on hidden pixels (Patch Mask.mask).',
    },
  ],
  outputs: [
    { name: 'loss', kind: 'tensor', dtype: 'float32', rank: 0, dims: [], doc: 'A scalar.' },
  ],
  params: {
    weight: { kind: 'float', default: 1, min: 0, max: 1000, doc: 'Multiplies the loss.' },
  },
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const p = tensorInput(ctx, 'prediction', diagnostics, { rank: 4 });
    const t = tensorInput(ctx, 'target', diagnostics, { rank: 4 });
    const m = tensorInput(ctx, 'mask', diagnostics, { rank: 4, what: 'the mask of Patch Mask' });
    if (p && t && !shapesAgree(p.shape, t.shape))
      diagnostics.push({
        severity: 'error',
        port: 'target',
        message: `'prediction' is ${formatShape(p.shape)} but 'target' is ${formatShape(t.shape)}; the decoder must give back the image size and channels.`,
      });
    if (p && m) {
      const [mc] = m.shape.slice(-1);
      const sameHw = shapesAgree(m.shape.slice(0, 3), p.shape.slice(0, 3));
      if (!sameHw || (mc !== 1 && mc !== p.shape[3]))
        diagnostics.push({
          severity: 'error',
          port: 'mask',
          message: `'mask' is ${formatShape(m.shape)} but the prediction is ${formatShape(p.shape)}; connect Patch Mask's mask for the same images (B x H x W x 1).`,
        });
    }
    return { outputs: { loss: tensorType('float32', []) }, diagnostics };
  },
  build: (tf, params, ctx) => createMaskedMseLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'ssl/masked-mse/masked-mse.layer', factory: 'createMaskedMseLayer' },
});
