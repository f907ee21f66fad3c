// autoregressive/made — MADE over the pixels of an image (Germain et al. 2015).
// b batch, h w spatial, c channels (NHWC); d = h*w*c.
import { defineNode } from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { inferLogitsLikeInput, pixelsPerExample } from '../shared/image-shape';
import { imageInputPort, logitsOutputPort } from '../shared/ports';
import { createMadeLayer } from './made.layer';
import { madeParams } from './made.params';

export const madeNode = defineNode({
  id: 'autoregressive/made',
  version: 1,
  title: 'MADE',
  category: 'autoregressive',
  role: 'layer',
  doc:
    'Masked autoencoder for distribution estimation: an MLP whose weight matrices are multiplied by binary masks built ' +
    'from per-unit degrees, so that logit i sees only the pixels before i in the chosen order and one forward pass gives ' +
    'all d conditionals. Natural (raster) or seeded random order; its order output tells the sampler which pixel comes ' +
    'next. The preview holds the masks and degrees for the mask visualizer.',
  paper: {
    citation:
      'Germain, Gregor, Murray & Larochelle, MADE: Masked Autoencoder for Distribution Estimation, ICML 2015',
    url: 'https://arxiv.org/abs/1502.03509',
    equation: "M^W[k', k] = 1{m_l(k) >= m_{l-1}(k')}, M^V[k, d] = 1{m0(d) > m_L(k)}  (eqs. 12-13)",
  },
  inputs: [imageInputPort],
  outputs: [
    logitsOutputPort,
    {
      name: 'order',
      label: 'order',
      kind: 'tensor',
      dtype: 'int32',
      rank: 1,
      dims: ['D'],
      gradient: 'none',
      doc: 'order[p] = position of pixel p (raster index into H x W x C) in the autoregressive order. Wire it to the module output "order" so the sampler follows it.',
    },
  ],
  params: madeParams,
  inferShapes: (ctx) => {
    const r = inferLogitsLikeInput(ctx, 'MADE');
    const d = pixelsPerExample(ctx.inputs.x);
    if (d !== undefined) r.outputs.order = tensorType('int32', [d]);
    return r;
  },
  build: (tf, params, ctx) => createMadeLayer(tf, params, ctx),
  emit: { layerModule: 'autoregressive/made/made.layer', factory: 'createMadeLayer' },
});
