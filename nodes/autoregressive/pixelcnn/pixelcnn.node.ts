// autoregressive/pixelcnn — PixelCNN with masked convolutions for binary images.
// b batch, h w spatial, c = 1 channel (NHWC).
import { defineNode, type ShapeResult } from '../../../core/node-contract/node-definition';
import { checkImageInput } from '../shared/image-shape';
import { imageInputPort, logitsOutputPort } from '../shared/ports';
import { tensorType } from '../../../core/shapes/tensor-type';
import { createPixelcnnLayer } from './pixelcnn.layer';
import { pixelcnnParams } from './pixelcnn.params';

export const pixelcnnNode = defineNode({
  id: 'autoregressive/pixelcnn',
  version: 1,
  title: 'PixelCNN',
  category: 'autoregressive',
  role: 'layer',
  doc:
    'PixelCNN: a stack of masked convolutions whose receptive field covers only the pixels above and to the left, so ' +
    'each output is a logit of p(x_i | x_<i) in raster order. A 7x7 mask-A convolution (excludes the centre) is followed ' +
    'by residual blocks with 3x3 mask-B convolutions (include the centre) and 1x1 convolutions. Single-channel binary images.',
  paper: {
    citation:
      'van den Oord, Kalchbrenner & Kavukcuoglu, Pixel Recurrent Neural Networks, ICML 2016',
    url: 'https://arxiv.org/abs/1601.06759',
    equation: 'p(x) = prod_i p(x_i | x_1, ..., x_{i-1})  (eq. 1); masks A/B of section 3.5',
  },
  inputs: [imageInputPort],
  outputs: [logitsOutputPort],
  params: pixelcnnParams,
  inferShapes: (ctx): ShapeResult => {
    const { type, diagnostics } = checkImageInput(ctx.inputs.x, 'PixelCNN');
    if (!type) return { outputs: {}, diagnostics };
    if (type.shape[3] !== 1)
      return {
        outputs: {},
        diagnostics: [
          {
            severity: 'error',
            port: 'x',
            message: `PixelCNN here models single-channel binary images; x has ${type.shape[3]} channels. Use a grayscale, binarized dataset.`,
          },
        ],
      };
    if (ctx.params.firstKernel % 2 === 0)
      return {
        outputs: {},
        diagnostics: [
          {
            severity: 'error',
            message: `firstKernel is ${ctx.params.firstKernel}; set it to an odd size such as 7.`,
          },
        ],
      };
    return { outputs: { logits: tensorType('float32', type.shape) }, diagnostics: [] };
  },
  build: (tf, params, ctx) => createPixelcnnLayer(tf, params, ctx),
  emit: { layerModule: 'autoregressive/pixelcnn/pixelcnn.layer', factory: 'createPixelcnnLayer' },
});
