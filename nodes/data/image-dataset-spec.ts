// Ports, params and shape inference shared by the image dataset nodes.
import type {
  PortDiagnostic,
  ShapeContext,
  ShapeResult,
} from '../../core/node-contract/node-definition';
import type { PortSpec } from '../../core/node-contract/port-spec';
import { tensorType } from '../../core/shapes/tensor-type';

export const imageDatasetOutputs: PortSpec[] = [
  {
    name: 'image',
    kind: 'tensor',
    dtype: 'float32',
    rank: 4,
    dims: ['B', 'H', 'W', 'C'],
    gradient: 'none',
    doc: 'A batch of images, NHWC.',
  },
  {
    name: 'label',
    kind: 'tensor',
    dtype: 'int32',
    rank: 1,
    dims: ['B'],
    gradient: 'none',
    doc: 'Class index of each image.',
  },
];

export const imageDatasetParams = {
  binarize: {
    kind: 'bool',
    default: false,
    doc: 'Threshold pixels at 0.5 to 0 or 1 (for a Bernoulli / BCE decoder).',
  },
  normalize: {
    kind: 'enum',
    default: '0..1',
    options: ['0..1', '-1..1'],
    doc: 'Pixel range: 0..1 (sigmoid decoders) or -1..1 (tanh decoders, GANs).',
  },
} as const;

export const inferImageDataset = (
  ctx: ShapeContext<unknown>,
  name: string,
  title: string,
): ShapeResult => {
  const diagnostics: PortDiagnostic[] = [];
  const ds = ctx.env.datasets[name];
  if (!ds) {
    diagnostics.push({
      severity: 'error',
      message: `The engine does not know the dataset ${title}; update Tessera or pick another dataset node.`,
    });
    return { outputs: {}, diagnostics };
  }
  if (!ds.available)
    diagnostics.push({
      severity: 'error',
      message: `${title} is not installed on this machine. ${ds.howToGet ?? ''}`.trim(),
    });
  return {
    outputs: {
      image: tensorType('float32', ['B', ds.height, ds.width, ds.channels]),
      label: tensorType('int32', ['B']),
    },
    diagnostics,
  };
};
