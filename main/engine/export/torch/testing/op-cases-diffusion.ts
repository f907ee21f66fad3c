// Op cases for the diffusion and text nodes (forms-diffusion.ts): both schedules, q_sample for eps
// and v (timesteps and noise drawn from the case's RNG on both sides), the min-SNR loss for each
// target, condition dropout with and without a padding mask (p 0.9: the case's RNG replaces rows
// 2, 5 and 6 of 6) and at p = 0, the diagonal Gaussian
// with its clamp inactive and active, captions of both sets (random and first phrasings, cut at
// the width), prompts, and the tokenizer at word and character level on fixed texts (known,
// unknown and upper-case words, an empty row, a text longer than L).
import { encodeTextCodes } from '../../../../../nodes/text/shared/text-codes';
import type { OpCase } from './op-cases';

const TEXTS = [
  'a photo of a Sneaker',
  'a photo of a cat',
  '',
  'the digit seven and a picture of an ankle boot',
];
const WIDTH = 48;
const texts = [...encodeTextCodes(TEXTS, WIDTH)];

export const DIFFUSION_CASES: OpCase[] = [
  { type: 'diffusion/noise-schedule', params: { steps: 50 }, inputs: {} },
  { type: 'diffusion/noise-schedule', params: { schedule: 'cosine', steps: 40 }, inputs: {} },
  { type: 'diffusion/diffusion-step', inputs: { x0: [3, 2, 2, 1] } },
  {
    type: 'diffusion/diffusion-step',
    params: { schedule: 'cosine', steps: 200, prediction: 'v' },
    inputs: { x0: [4, 5, 3] },
  },
  {
    type: 'diffusion/diffusion-loss',
    inputs: { prediction: [4, 2, 2, 2], target: [4, 2, 2, 2], t: [4] },
    ints: { t: 1000 },
  },
  ...(['v', 'x0'] as const).map((prediction) => ({
    type: 'diffusion/diffusion-loss',
    params: { schedule: 'cosine', steps: 100, prediction, gamma: 2, weight: 0.5 },
    inputs: { prediction: [3, 4], target: [3, 4], t: [3] },
    ints: { t: 100 },
  })),
  { type: 'diffusion/condition-dropout', params: { p: 0.9 }, inputs: { condition: [6, 3, 2] } },
  {
    type: 'diffusion/condition-dropout',
    params: { p: 0.9 },
    inputs: { condition: [6, 3, 2], mask: [6, 3] },
    unit: ['mask'],
  },
  {
    type: 'diffusion/condition-dropout',
    params: { p: 0 },
    inputs: { condition: [2, 4], mask: [2, 4] },
    unit: ['mask'],
  },
  { type: 'diffusion/diagonal-gaussian', inputs: { mean: [2, 2, 2, 3], logvar: [2, 2, 2, 3] } },
  {
    type: 'diffusion/diagonal-gaussian',
    params: { logvarMin: -1, logvarMax: 0.5 },
    inputs: { mean: [3, 4], logvar: [3, 4] },
  },
  {
    type: 'text/class-captions',
    params: { set: 'mnist', phrasing: 'random', width: 32 },
    inputs: { label: [8] },
    ints: { label: 10 },
  },
  {
    type: 'text/class-captions',
    params: { set: 'fashion-mnist', phrasing: 'first', width: 20 },
    inputs: { label: [10] },
    ints: { label: 10 },
  },
  {
    type: 'text/prompts',
    params: { prompts: 'a photo of a bag; the digit seven ;', repeat: 2, width: 12 },
    inputs: {},
  },
  {
    type: 'text/tokenizer',
    params: { vocabulary: 'fashion-mnist', level: 'word', length: 8 },
    inputs: { text: [TEXTS.length, WIDTH] },
    ints: { text: 0x80 },
    data: { text: texts },
  },
  {
    type: 'text/tokenizer',
    params: { vocabulary: 'mnist', level: 'word', length: 5 },
    inputs: { text: [TEXTS.length, WIDTH] },
    ints: { text: 0x80 },
    data: { text: texts },
  },
  {
    type: 'text/tokenizer',
    params: { vocabulary: 'mnist', level: 'char', length: 12 },
    inputs: { text: [TEXTS.length, WIDTH] },
    ints: { text: 0x80 },
    data: { text: texts },
  },
];
