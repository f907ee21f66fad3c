// Small fake node types for the compiler's own tests (the real library lives in nodes/).
// b batch, h w spatial, c channels (NHWC)
import {
  defineNode,
  type NodeLayer,
  type ShapeEnv,
  type ShapeResult,
} from '../../node-contract/node-definition';
import { tensorType, type TensorType } from '../../shapes/tensor-type';

const notBuilt = (): NodeLayer => {
  throw new Error('test node: not buildable');
};

/** Emits B x H x W x C. */
export const testSource = defineNode({
  id: 'test/source',
  version: 1,
  title: 'Source',
  category: 'data',
  role: 'dataset',
  doc: 'Test source.',
  inputs: [],
  outputs: [{ name: 'out', kind: 'tensor', dtype: 'float32', rank: 4, dims: ['B', 'H', 'W', 'C'] }],
  params: {
    H: { kind: 'int', default: 8, min: 1, max: 1024, doc: 'height' },
    W: { kind: 'int', default: 8, min: 1, max: 1024, doc: 'width' },
    C: { kind: 'int', default: 1, min: 1, max: 4096, doc: 'channels' },
  },
  inferShapes: ({ params }) => ({
    outputs: { out: tensorType('float32', ['B', params.H, params.W, params.C]) },
    diagnostics: [],
  }),
  build: notBuilt,
});

/** Conv-like: checks input channels, changes them. */
export const testConv = defineNode({
  id: 'test/conv',
  version: 1,
  title: 'Conv',
  category: 'encode',
  role: 'layer',
  doc: 'Test conv.',
  inputs: [{ name: 'x', kind: 'tensor', dtype: 'float32', rank: 4, dims: ['B', 'H', 'W', 'C'] }],
  outputs: [{ name: 'y', kind: 'tensor', dtype: 'float32', rank: 4 }],
  params: {
    inChannels: { kind: 'int', default: 1, min: 1, max: 4096, doc: 'input channels' },
    outChannels: { kind: 'int', default: 8, min: 1, max: 4096, doc: 'output channels' },
  },
  inferShapes: ({ params, inputs }): ShapeResult => {
    const x = inputs.x as TensorType;
    const c = x.shape[3];
    if (typeof c === 'number' && c !== params.inChannels)
      return {
        outputs: {},
        diagnostics: [
          {
            severity: 'error',
            port: 'x',
            message: `expects ${params.inChannels} channels but gets ${c}; set inChannels to ${c}.`,
          },
        ],
      };
    return {
      outputs: {
        y: tensorType('float32', [
          x.shape[0] ?? 'B',
          x.shape[1] ?? 'H',
          x.shape[2] ?? 'W',
          params.outChannels,
        ]),
      },
      diagnostics: [],
    };
  },
  build: notBuilt,
});

/** Rank 4 -> rank 2. */
export const testFlatten = defineNode({
  id: 'test/flatten',
  version: 1,
  title: 'Flatten',
  category: 'math',
  role: 'layer',
  doc: 'Test flatten.',
  inputs: [{ name: 'x', kind: 'tensor', rank: 4 }],
  outputs: [{ name: 'y', kind: 'tensor', rank: 2 }],
  params: {},
  inferShapes: ({ inputs }) => {
    const x = inputs.x as TensorType;
    const [b, h, w, c] = x.shape;
    const n =
      typeof h === 'number' && typeof w === 'number' && typeof c === 'number' ? h * w * c : 'N';
    return { outputs: { y: tensorType(x.dtype, [b ?? 'B', n]) }, diagnostics: [] };
  },
  build: notBuilt,
});

/** Mean squared error of a and b (b optional: a against zero) -> scalar; with reduction 'none' keeps the shape. */
export const testLoss = defineNode({
  id: 'test/loss',
  version: 1,
  title: 'MSE',
  category: 'loss',
  role: 'loss',
  doc: 'Test loss.',
  inputs: [
    { name: 'a', kind: 'tensor', dtype: 'float32' },
    { name: 'b', kind: 'tensor', dtype: 'float32', optional: true },
  ],
  outputs: [{ name: 'loss', kind: 'tensor', dtype: 'float32' }],
  params: {
    reduction: { kind: 'enum', default: 'mean', options: ['mean', 'none'], doc: 'reduction' },
  },
  inferShapes: ({ params, inputs }): ShapeResult => {
    const a = inputs.a as TensorType;
    const b = inputs.b as TensorType | undefined;
    if (b && b.shape.join(',') !== a.shape.join(','))
      return {
        outputs: {},
        diagnostics: [
          {
            severity: 'error',
            port: 'b',
            message: `a and b must have the same shape; got ${a.shape.join('x')} and ${b.shape.join('x')}.`,
          },
        ],
      };
    return {
      outputs: { loss: tensorType('float32', params.reduction === 'mean' ? [] : a.shape) },
      diagnostics: [],
    };
  },
  build: notBuilt,
});

export const testOptimizer = defineNode({
  id: 'test/optimizer',
  version: 1,
  title: 'Adam',
  category: 'optimize',
  role: 'optimizer',
  doc: 'Test optimizer.',
  inputs: [{ name: 'loss', kind: 'tensor', dtype: 'float32' }],
  outputs: [],
  params: { lr: { kind: 'float', default: 1e-3, min: 0, max: 1, log: true, doc: 'learning rate' } },
  inferShapes: () => ({ outputs: {}, diagnostics: [] }),
  build: notBuilt,
});

/** Calls a model handle on noise of the handle's input shape. */
export const testSampler = defineNode({
  id: 'test/sampler',
  version: 1,
  title: 'Sampler',
  category: 'sample',
  role: 'sampler',
  doc: 'Test sampler.',
  inputs: [{ name: 'model', kind: 'model' }],
  outputs: [{ name: 'samples', kind: 'tensor', dtype: 'float32' }],
  params: { steps: { kind: 'int', default: 10, min: 1, max: 1000, doc: 'steps' } },
  inferShapes: ({ inputs }): ShapeResult => {
    const m = inputs.model;
    const first = m && m.kind === 'model' ? Object.values(m.outputs)[0] : undefined;
    if (!first)
      return {
        outputs: {},
        diagnostics: [
          {
            severity: 'error',
            port: 'model',
            message: 'the model has no outputs; add a Module Output to it.',
          },
        ],
      };
    return { outputs: { samples: first }, diagnostics: [] };
  },
  build: notBuilt,
});

/** Version 2 renamed `size` to `units`. */
export const testDense = defineNode({
  id: 'test/dense',
  version: 2,
  title: 'Dense',
  category: 'math',
  role: 'layer',
  doc: 'Test dense.',
  inputs: [{ name: 'x', kind: 'tensor', rank: 2 }],
  outputs: [{ name: 'y', kind: 'tensor', rank: 2 }],
  params: { units: { kind: 'int', default: 16, min: 1, max: 65536, doc: 'units' } },
  migrateParams: (params, fromVersion) => {
    if (fromVersion >= 2) return params;
    const { size, ...rest } = params;
    return { ...rest, ...(size !== undefined ? { units: size } : {}) };
  },
  inferShapes: ({ params, inputs }) => {
    const x = inputs.x as TensorType;
    return {
      outputs: { y: tensorType(x.dtype, [x.shape[0] ?? 'B', params.units]) },
      diagnostics: [],
    };
  },
  build: notBuilt,
});

/** Throws from inferShapes, to check that a broken node type cannot crash the compiler. */
export const testBroken = defineNode({
  id: 'test/broken',
  version: 1,
  title: 'Broken',
  category: 'math',
  role: 'layer',
  doc: 'Test broken.',
  inputs: [{ name: 'x', kind: 'tensor', optional: true }],
  outputs: [{ name: 'y', kind: 'tensor' }],
  params: {},
  inferShapes: () => {
    throw new Error('boom');
  },
  build: notBuilt,
});

export const testNodes = [
  testSource,
  testConv,
  testFlatten,
  testLoss,
  testOptimizer,
  testSampler,
  testDense,
  testBroken,
];

export const testEnv: ShapeEnv = {
  datasets: { mnist: { available: true, height: 28, width: 28, channels: 1, classes: 10 } },
};
