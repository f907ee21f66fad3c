// Conv2D, NHWC: x [B, H, W, Cin] -> y [B, H', W', filters].
import { defineNode, type PortDiagnostic } from '../../../core/node-contract/node-definition';
import { concreteDim, perExample, tensorShape } from '../../../core/node-contract/cost';
import { formatDim, tensorType, type ValueType } from '../../../core/shapes/tensor-type';
import { convOutDim, floatInput, initParam } from '../layer-shapes';
import { createConv2dLayer } from './conv2d.layer';

export const conv2dNode = defineNode({
  id: 'layers/conv2d',
  version: 1,
  title: 'Conv2D',
  category: 'layers',
  role: 'layer',
  doc:
    'Two-dimensional convolution over NHWC images: every output pixel is the sum over a k x k window (spaced by the dilation) of all input channels, ' +
    'weighted by a kernel [k, k, Cin, filters], plus a bias. Stride > 1 downsamples; padding same keeps ceil(H / stride), valid uses only full windows. ' +
    'The equivalent of PyTorch nn.Conv2d and Keras Conv2D (channels last).',
  paper: {
    citation:
      'LeCun, Bottou, Bengio, Haffner. Gradient-based learning applied to document recognition. 1998',
    url: 'https://doi.org/10.1109/5.726791',
    equation:
      'y[b,i,j,f] = sum_{u,v,c} x[b, s*i + d*u - p, s*j + d*v - p, c] * K[u,v,c,f] + bias[f]',
  },
  inputs: [
    {
      name: 'x',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H', 'W', 'Cin'],
      gradient: 'flows',
      doc: 'Images, channels last; Cin must be known.',
    },
  ],
  outputs: [
    {
      name: 'y',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', "H'", "W'", 'filters'],
      doc: 'Feature maps.',
    },
  ],
  params: {
    filters: { kind: 'int', default: 32, min: 1, max: 8192, doc: 'Output channels.' },
    kernel: { kind: 'int', default: 3, min: 1, max: 31, doc: 'Kernel height and width (square).' },
    stride: {
      kind: 'int',
      default: 1,
      min: 1,
      max: 16,
      doc: 'Step between windows; 2 halves H and W.',
    },
    padding: {
      kind: 'enum',
      default: 'same',
      options: ['same', 'valid'],
      doc: "same: zero-pad so that H' = ceil(H / stride); valid: no padding, H' = floor((H - dilation*(kernel-1) - 1) / stride) + 1.",
    },
    dilation: {
      kind: 'int',
      default: 1,
      min: 1,
      max: 16,
      doc: 'Spacing between kernel taps (atrous convolution); needs stride 1.',
    },
    bias: { kind: 'bool', default: true, doc: 'Add a learned per-filter bias (starts at zero).' },
    init: initParam,
  },
  inferShapes(ctx) {
    const { filters, kernel: k, stride: s, padding, dilation: d } = ctx.params;
    const diagnostics: PortDiagnostic[] = [];
    const outputs: Record<string, ValueType> = {};
    const x = floatInput(ctx, 'x', diagnostics, 4, '[B, H, W, Cin]', 'Conv2D', true);
    if (!x) return { outputs, diagnostics };
    const [b, h, w, cin] = x.shape as [
      string | number,
      string | number,
      string | number,
      string | number,
    ];
    if (typeof cin !== 'number')
      diagnostics.push({
        severity: 'error',
        port: 'x',
        message: `The channel axis of 'x' is '${formatDim(cin)}', but Conv2D needs a known Cin to size its kernel [${k}, ${k}, Cin, ${filters}]; feed an input with a fixed channel count.`,
      });
    if (s > 1 && d > 1)
      diagnostics.push({
        severity: 'error',
        message: `stride ${s} together with dilation ${d} is not supported by tfjs conv2d; set stride to 1 (and downsample with a following pooling or strided conv) or set dilation to 1.`,
      });
    const oh = convOutDim(h, k, s, d, padding);
    const ow = convOutDim(w, k, s, d, padding);
    for (const [name, n, o] of [
      ['height', h, oh],
      ['width', w, ow],
    ] as const)
      if (typeof o === 'number' && o < 1)
        diagnostics.push({
          severity: 'error',
          port: 'x',
          message: `The output ${name} would be ${o}: an input ${name} of ${formatDim(n)} is smaller than the dilated kernel (${d * (k - 1) + 1}) with padding valid; use padding same, a smaller kernel or dilation, or a larger input.`,
        });
    if (diagnostics.length === 0) outputs['y'] = tensorType('float32', [b, oh, ow, filters]);
    return { outputs, diagnostics };
  },
  cost: ({ params, inputs, outputs, batchSize }) => {
    const { filters, kernel: k, bias } = params;
    const cin = concreteDim(tensorShape(inputs['x'], "input 'x'"), 3, batchSize, "input 'x'");
    const y = tensorShape(outputs['y'], "output 'y'");
    return {
      params: k * k * cin * filters + (bias ? filters : 0),
      macs: perExample(y, batchSize, "output 'y'") * k * k * cin, // H' W' filters outputs
    };
  },
  build: (tf, params, ctx) => createConv2dLayer(tf, params, ctx),
  emit: { layerModule: 'layers/conv2d/conv2d.layer', factory: 'createConv2dLayer' },
});
