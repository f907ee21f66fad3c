// Op cases for VQGAN's nodes (forms-vqgan.ts): 2-D self-attention, the transformer nodes (token
// embedding and GPT block too, which no template uses), the PatchGAN, the adaptive weight with
// the GAN term on (discStart 0: lambda from both kernel-gradient norms scales the GAN path's
// gradient) and off (discStart 5 at step 0: the GAN path passes no gradient), and both modes
// of the codebook lookup (values only in mirror mode).
import type { OpCase } from './op-cases';

export const VQGAN_CASES: OpCase[] = [
  { type: 'attention/self-attention-2d', params: { groups: 4 }, inputs: { x: [2, 3, 3, 8] } },
  { type: 'attention/self-attention-2d', params: { groups: 1 }, inputs: { x: [1, 2, 4, 3] } },
  { type: 'transformer/layer-norm', inputs: { x: [2, 3, 6] } },
  { type: 'transformer/layer-norm', params: { eps: 1e-3 }, inputs: { x: [2, 3, 3, 4] } },
  {
    type: 'transformer/token-embedding',
    params: { vocabSize: 7, dim: 6, maxLength: 8 },
    inputs: { tokens: [2, 5] },
    ints: { tokens: 7 },
  },
  { type: 'transformer/gpt-block', params: { heads: 2, mlpRatio: 2 }, inputs: { x: [2, 5, 8] } },
  {
    type: 'transformer/gpt-prior',
    params: { codebookSize: 6, dim: 8, layers: 2, heads: 2, mlpRatio: 2, maxLength: 8 },
    inputs: { codes: [2, 2, 3] },
    ints: { codes: 6 },
  },
  {
    type: 'transformer/gpt-prior',
    params: { codebookSize: 5, dim: 4, layers: 1, heads: 1, mlpRatio: 1, maxLength: 4 },
    inputs: { codes: [3, 4] },
    ints: { codes: 5 },
  },
  {
    type: 'vqgan/patchgan-discriminator',
    params: { baseChannels: 4, layers: 2, norm: 'batch' },
    inputs: { image: [2, 16, 16, 1] },
    unit: ['image'],
  },
  {
    type: 'vqgan/patchgan-discriminator',
    params: { baseChannels: 3, layers: 1, norm: 'none' },
    inputs: { image: [2, 12, 12, 3] },
  },
  {
    type: 'vqgan/adaptive-weight',
    params: { discStart: 0, discWeight: 0.8 },
    inputs: { features: [2, 5, 5, 4] },
  },
  {
    type: 'vqgan/adaptive-weight',
    params: {
      discStart: 0,
      outChannels: 2,
      kernel: 5,
      inputActivation: 'none',
      outActivation: 'tanh',
      maxWeight: 0.5,
      eps: 1e-2,
    },
    inputs: { features: [1, 6, 4, 3] },
  },
  {
    type: 'vqgan/adaptive-weight',
    params: { discStart: 5, outChannels: 3, kernel: 1, outActivation: 'none' },
    inputs: { features: [2, 3, 3, 2] },
  },
  {
    type: 'vqgan/codebook-lookup',
    inputs: { indices: [2, 3, 3], codebook: [5, 4] },
    ints: { indices: 5 },
  },
  {
    type: 'vqgan/codebook-lookup',
    params: { codebookSize: 6 },
    inputs: { indices: [2, 2, 2], quantized: [2, 2, 2, 3], sourceIndices: [2, 2, 2] },
    ints: { indices: 6, sourceIndices: 6 },
    // The mirror is state, not a weight: nothing reaches a variable (the app's tape has no path).
    noGrad: ['quantized'],
  },
];
