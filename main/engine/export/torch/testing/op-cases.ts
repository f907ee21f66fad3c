// The op cases of torch-forms.equivalence.test.ts for the primitives: each names a node type,
// its params and input shapes; the test builds the app layer and the PyTorch form on the same
// values and compares values and gradients.
import type { Dim } from '../../../../../core/shapes/tensor-type';

export interface OpCase {
  type: string;
  params?: Record<string, unknown>;
  inputs: Record<string, number[]>;
  /** Inputs drawn in [0, 1) instead of around 0 (targets of BCE). */
  unit?: string[];
  /** Input types as the compiler sees them, when not the concrete shapes (a symbolic batch 'B'). */
  types?: Record<string, Dim[]>;
  /**
   * A gradient (port) where the app is known to be wrong and PyTorch right: the values agree, so
   * torch's autograd of the same function is the true gradient. Asserted to differ, so a fixed
   * tfjs shows up here.
   */
  appGradWrong?: { port: string; why: string };
  /** Integer inputs (int32 in the app), drawn in [0, max). */
  ints?: Record<string, number>;
  /** Outputs the app cannot differentiate (a thresholded accuracy): left out of the gradient check. */
  noGrad?: string[];
  /** The batch size sources draw (noise), when there is no input x. */
  batch?: number;
  /** Fixed input values (texts as code points) instead of drawn ones. */
  data?: Record<string, number[]>;
}

export const PRIMITIVE_CASES: OpCase[] = [
  ...['relu', 'sigmoid', 'tanh', 'silu'].map((a) => ({
    type: `activation/${a}`,
    inputs: { x: [2, 3, 4] },
  })),
  { type: 'activation/leaky-relu', params: { alpha: 0.3 }, inputs: { x: [2, 5] } },
  { type: 'activation/gelu', inputs: { x: [2, 5] } },
  { type: 'activation/gelu', params: { approximate: 'tanh' }, inputs: { x: [2, 5] } },
  { type: 'activation/softmax', inputs: { x: [2, 3, 4] } },
  { type: 'activation/softmax', params: { axis: 1 }, inputs: { x: [2, 3, 4] } },
  { type: 'math/add', inputs: { a: [2, 3], b: [3] } },
  { type: 'math/multiply', inputs: { a: [2, 3], b: [2, 3] } },
  { type: 'math/scale', params: { factor: 2.5, shift: -1 }, inputs: { x: [2, 3] } },
  {
    type: 'math/weighted-sum',
    params: { wa: 0.5, wb: 2, wc: -1 },
    inputs: { a: [], b: [], c: [] },
  },
  { type: 'math/stop-gradient', inputs: { x: [3] } },
  { type: 'math/mean', params: { axes: [1], keepDims: true }, inputs: { x: [2, 3, 4] } },
  { type: 'math/mean', inputs: { x: [2, 3] } },
  { type: 'math/sum', params: { axes: [0, -1] }, inputs: { x: [2, 3, 4] } },
  { type: 'math/sum', params: { axes: [], keepDims: true }, inputs: { x: [2, 3] } },
  { type: 'resample/upsample', inputs: { x: [1, 3, 3, 2] } },
  {
    type: 'resample/upsample',
    params: { mode: 'bilinear', factor: 2 },
    inputs: { x: [1, 3, 4, 2] },
  },
  { type: 'resample/global-avg-pool', inputs: { x: [2, 3, 3, 4] } },
  { type: 'shape/flatten', inputs: { x: [2, 3, 4, 2] } },
  { type: 'loss/mse', params: { weight: 0.5 }, inputs: { prediction: [2, 4], target: [2, 4] } },
  { type: 'loss/l1', inputs: { prediction: [2, 4], target: [2, 4] } },
  {
    type: 'loss/bce',
    params: { weight: 2 },
    inputs: { logits: [3, 4], target: [3, 4] },
    unit: ['target'],
  },
  {
    type: 'shape/reshape',
    params: { shape: 'B, 2, -1' },
    inputs: { x: [2, 3, 4] },
    types: { x: ['B', 3, 4] },
  },
  { type: 'shape/reshape', params: { shape: '-1' }, inputs: { x: [2, 3] } },
  { type: 'shape/permute', params: { perm: [0, 2, 1] }, inputs: { x: [2, 3, 4] } },
  { type: 'shape/concat', params: { axis: -1 }, inputs: { a: [2, 3], b: [2, 2], c: [2, 1] } },
  { type: 'shape/concat', params: { axis: 0 }, inputs: { a: [1, 3], b: [2, 3] } },
  { type: 'shape/split', params: { sizes: [1, 3], axis: -1 }, inputs: { x: [2, 4] } },
  { type: 'shape/slice', params: { axis: 1, begin: 1, size: 2 }, inputs: { x: [2, 4, 3] } },
  { type: 'shape/slice', params: { axis: -1, begin: 1, size: -1 }, inputs: { x: [2, 4] } },
  { type: 'math/matmul', inputs: { a: [2, 3, 4], b: [4, 5] } },
  {
    type: 'math/matmul',
    params: { transposeA: true, transposeB: true },
    inputs: { a: [2, 4, 3], b: [2, 5, 4] },
  },
  { type: 'resample/avg-pool', inputs: { x: [1, 4, 4, 2] } },
  {
    type: 'resample/avg-pool',
    params: { size: 3, stride: 2, padding: 'same' },
    inputs: { x: [1, 6, 6, 2] },
    // tfjs's avgPool gradient divides by the whole window (1/9) where the forward pass divides by
    // the unpadded entries (1/4 in a corner): a finite difference of the app's own forward gives 0.25.
    appGradWrong: { port: 'grad:in_x', why: 'tfjs avgPool same-padding gradient' },
  },
  { type: 'resample/max-pool', inputs: { x: [1, 5, 5, 2] } },
  {
    type: 'resample/max-pool',
    params: { size: 3, stride: 2, padding: 'same' },
    inputs: { x: [1, 6, 5, 2] },
  },
  { type: 'normalization/layer-norm', inputs: { x: [2, 3, 4] } },
  { type: 'normalization/rms-norm', inputs: { x: [2, 5] } },
  { type: 'normalization/group-norm', params: { groups: 2 }, inputs: { x: [2, 3, 3, 4] } },
  {
    type: 'layers/embedding',
    params: { vocabSize: 7, dim: 3 },
    inputs: { indices: [2, 4] },
    ints: { indices: 7 },
  },
  { type: 'layers/dense', params: { units: 3 }, inputs: { x: [2, 5] } },
  { type: 'layers/dense', params: { units: 3, bias: false }, inputs: { x: [2, 4, 5] } },
  {
    type: 'layers/conv2d',
    params: { filters: 3, kernel: 3, stride: 1 },
    inputs: { x: [2, 6, 6, 2] },
  },
  {
    type: 'layers/conv2d',
    params: { filters: 3, kernel: 3, stride: 2 },
    inputs: { x: [1, 7, 7, 2] },
  },
  {
    type: 'layers/conv2d',
    params: { filters: 2, kernel: 4, stride: 2 },
    inputs: { x: [1, 8, 8, 1] },
  },
  {
    type: 'layers/conv2d',
    params: { filters: 2, kernel: 3, stride: 2, padding: 'valid' },
    inputs: { x: [1, 7, 7, 2] },
  },
  {
    type: 'layers/conv2d',
    params: { filters: 2, kernel: 3, dilation: 2 },
    inputs: { x: [1, 7, 7, 2] },
  },
  {
    type: 'layers/conv-transpose2d',
    params: { filters: 3, kernel: 4, stride: 2 },
    inputs: { x: [2, 3, 3, 2] },
  },
  {
    type: 'layers/conv-transpose2d',
    params: { filters: 2, kernel: 3, stride: 2 },
    inputs: { x: [1, 3, 4, 2] },
  },
  {
    type: 'layers/conv-transpose2d',
    params: { filters: 2, kernel: 2, stride: 3 },
    inputs: { x: [1, 3, 3, 1] },
  },
  {
    type: 'layers/conv-transpose2d',
    params: { filters: 2, kernel: 3, stride: 1, padding: 'valid' },
    inputs: { x: [1, 3, 3, 2] },
  },
];
