// Op cases for batch norm, the random primitives, shapes and positions, and the family nodes
// (GAN, VQ-VAE, autoregressive, attention). Random forms (dropout, noise) draw from the sampler
// with the app's RNG seeded alike, so their values are compared exactly too.
import type { OpCase } from './op-cases';

export const FAMILY_CASES: OpCase[] = [
  { type: 'normalization/batch-norm', inputs: { x: [2, 3, 3, 4] } },
  {
    type: 'normalization/batch-norm',
    params: { useRunningStats: 'always-batch', eps: 1e-3 },
    inputs: { x: [5, 3] },
  },
  { type: 'math/dropout', params: { rate: 0.3 }, inputs: { x: [3, 5] } },
  { type: 'math/constant', params: { shape: [2, 3], value: 1.5 }, inputs: {} },
  { type: 'math/parameter', params: { shape: [2, 3] }, inputs: {} },
  { type: 'noise/gaussian', params: { dims: [3, 2], std: 0.5 }, inputs: {}, batch: 4 },
  { type: 'gan/latent-noise', params: { dim: 5 }, inputs: {}, batch: 3 },
  { type: 'gan/latent-noise', params: { dim: 5, distribution: 'uniform' }, inputs: {}, batch: 3 },
  { type: 'shape/patchify', params: { patch: 2 }, inputs: { image: [2, 4, 6, 3] } },
  {
    type: 'shape/unpatchify',
    params: { patch: 2, height: 4, width: 6 },
    inputs: { tokens: [2, 6, 12] },
  },
  { type: 'shape/unpatchify', params: { patch: 2, height: 0 }, inputs: { tokens: [1, 4, 8] } },
  { type: 'position/sinusoidal', inputs: { x: [2, 5, 6] } },
  { type: 'position/sinusoidal', params: { dim: 8 }, inputs: { t: [3] }, unit: ['t'] },
  { type: 'position/learned', params: { maxLength: 8 }, inputs: { x: [2, 5, 6] } },
  { type: 'position/rotary', inputs: { x: [2, 5, 6] } },
  {
    type: 'gan/dcgan-generator',
    params: { baseChannels: 4, kernel: 4 },
    inputs: { z: [2, 6] },
  },
  {
    type: 'gan/dcgan-generator',
    params: { baseChannels: 3, kernel: 3, batchNorm: false, output: 'tanh', height: 8, width: 12 },
    inputs: { z: [2, 4] },
  },
  {
    type: 'gan/dcgan-discriminator',
    params: { baseChannels: 3, kernel: 4 },
    inputs: { image: [2, 8, 8, 1] },
  },
  {
    type: 'gan/dcgan-discriminator',
    params: {
      baseChannels: 2,
      kernel: 3,
      activation: 'leaky-relu',
      init: 'glorot',
      batchNorm: false,
      outputSigmoid: true,
    },
    inputs: { image: [2, 7, 6, 2] },
  },
  { type: 'gan/gan-loss', inputs: { real: [3, 1], fake: [3, 1] }, noGrad: ['accuracy'] },
  {
    type: 'gan/gan-loss',
    params: { mode: 'hinge' },
    inputs: { real: [3, 1], fake: [3, 1] },
    noGrad: ['accuracy'],
  },
  { type: 'gan/gan-loss', params: { generatorWeight: 0.5 }, inputs: { fake: [4, 1] } },
  { type: 'gan/wasserstein-loss', inputs: { real: [3, 1], fake: [3, 1] } },
  {
    type: 'encode/conv-encoder',
    params: { widths: [4, 6], resBlocks: 1, outChannels: 3 },
    inputs: { x: [2, 8, 8, 1] },
  },
  {
    type: 'decode/conv-decoder',
    params: { widths: [6, 4], resBlocks: 1, outChannels: 2, outActivation: 'sigmoid' },
    inputs: { z: [2, 2, 2, 3] },
  },
  {
    type: 'quantize/vector-quantizer',
    params: { codebookSize: 5, deadCodeThreshold: 0 },
    inputs: { z: [2, 3, 3, 4] },
  },
  { type: 'autoregressive/fvsbn', params: { initScale: 0.1 }, inputs: { x: [2, 3, 3, 1] } },
  { type: 'autoregressive/fvsbn', inputs: { x: [2, 3, 3, 1] } },
  { type: 'autoregressive/nade', params: { hidden: 5 }, inputs: { x: [2, 3, 3, 1] } },
  {
    type: 'autoregressive/made',
    params: { hidden: [6, 5], order: 'random', maskSeed: 7, directConnection: true },
    inputs: { x: [2, 3, 3, 1] },
  },
  {
    type: 'autoregressive/pixelcnn',
    params: { features: 4, blocks: 1, firstKernel: 5, outputFeatures: 3 },
    inputs: { x: [2, 5, 5, 1] },
  },
  {
    type: 'autoregressive/bernoulli-nll',
    inputs: { logits: [2, 3, 3, 1], target: [2, 3, 3, 1] },
    unit: ['target'],
  },
  {
    type: 'attention/multi-head-attention',
    params: { heads: 2, causal: true },
    inputs: { x: [2, 4, 6] },
  },
  {
    type: 'attention/multi-head-attention',
    params: { heads: 3, causal: false },
    inputs: { x: [2, 4, 6], context: [2, 3, 5], keyMask: [2, 3] },
    ints: { keyMask: 2 },
  },
  {
    type: 'attention/linear-attention',
    params: { heads: 2, causal: true },
    inputs: { x: [2, 4, 6] },
  },
  {
    type: 'attention/linear-attention',
    params: { heads: 3, causal: false },
    inputs: { x: [2, 4, 6], context: [2, 3, 5], keyMask: [2, 3] },
    ints: { keyMask: 2 },
  },
  {
    type: 'attention/flash',
    params: { expansion: 2, s: 4, chunk: 2, causal: true },
    inputs: { x: [2, 6, 5] },
  },
  {
    type: 'attention/flash',
    params: { expansion: 1, s: 3, chunk: 3, causal: false },
    inputs: { x: [2, 6, 4], keyMask: [2, 6] },
    ints: { keyMask: 2 },
  },
  {
    type: 'attention/gated-attention-unit',
    params: { expansion: 2, s: 4, causal: true },
    inputs: { x: [2, 5, 4] },
  },
  {
    type: 'attention/gated-attention-unit',
    params: { expansion: 1, s: 3, causal: false },
    inputs: { x: [2, 5, 4], keyMask: [2, 5] },
    ints: { keyMask: 2 },
  },
  {
    type: 'loss/cross-entropy',
    params: { labelSmoothing: 0.1, weight: 2 },
    inputs: { logits: [2, 3, 5], labels: [2, 3] },
    ints: { labels: 5 },
  },
];
