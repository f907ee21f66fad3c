// Node types the PyTorch exporter does not express yet, each with the reason shown when a graph
// uses one. Every entry is a decision, not an omission: a node type missing from torch-forms.ts
// altogether fails torch-forms.test.ts. Moving a type out of this list means writing its form and
// an equivalence test.
import type { TorchForm } from './torch-form';

const notYet = (what: string): TorchForm => ({
  kind: 'unsupported',
  reason: `${what} has no PyTorch form in this version of the exporter`,
});

const MODULES =
  'modules (instances, handles and their inputs/outputs) are not exported to PyTorch yet; flatten the module into the top-level graph to export it';

const reasons: Record<string, string> = {
  'custom/custom-layer':
    'a custom-code layer is TypeScript run on tfjs; it cannot be translated to PyTorch. Replace it with primitive nodes, or export with --target typescript',
  'module/input': MODULES,
  'module/output': MODULES,
  'module/instance': MODULES,
  'module/handle': MODULES,
  'data/image-folder':
    "the Image Folder dataset is read by Tessera's own decoder and cache; the PyTorch export has no loader for it yet. Export with --target typescript, or load the folder with torchvision.datasets.ImageFolder in the generated train.py",
};

const pending = [
  'normalization/batch-norm',
  'math/dropout',
  'math/constant',
  'math/parameter',
  'shape/patchify',
  'shape/unpatchify',
  'position/sinusoidal',
  'position/learned',
  'position/rotary',
  'encode/conv-encoder',
  'decode/conv-decoder',
  'quantize/vector-quantizer',
  'gan/dcgan-generator',
  'gan/dcgan-discriminator',
  'gan/gan-loss',
  'gan/wasserstein-loss',
  'gan/gradient-penalty',
  'metric/frechet-distance',
  'attention/self-attention-2d',
  'attention/multi-head-attention',
  'transformer/token-embedding',
  'transformer/gpt-block',
  'transformer/gpt-prior',
  'transformer/layer-norm',
  'sample/code-sampler',
  'vqgan/patchgan-discriminator',
  'vqgan/adaptive-weight',
  'vqgan/codebook-lookup',
  'autoregressive/fvsbn',
  'autoregressive/nade',
  'autoregressive/made',
  'autoregressive/pixelcnn',
  'autoregressive/bernoulli-nll',
  'sample/autoregressive-sampler',
  'diffusion/noise-schedule',
  'diffusion/diffusion-step',
  'diffusion/condition-dropout',
  'diffusion/diffusion-loss',
  'diffusion/ddpm-sampler',
  'diffusion/ddim-sampler',
  'diffusion/guidance-sweep',
  'diffusion/diagonal-gaussian',
  'attention/linear-attention',
  'attention/gated-attention-unit',
  'attention/flash',
  'text/class-captions',
  'text/prompts',
  'text/tokenizer',
  'data/text-file',
  'sample/text-sampler',
  'data/action-streams',
  'loss/cross-entropy',
  'metric/frame-map',
  'ssl/augment',
  'ssl/nt-xent',
  'ssl/patch-mask',
  'ssl/masked-mse',
  'ssl/linear-probe',
  'detection/shapes-dataset',
  'detection/sine-position-2d',
  'detection/hungarian-loss',
  'detection/box-overlay',
] as const;

export const unsupportedForms: Record<string, TorchForm> = {
  ...Object.fromEntries(
    Object.entries(reasons).map(([type, reason]) => [type, { kind: 'unsupported', reason }]),
  ),
  ...Object.fromEntries(pending.map((type) => [type, notYet(type)])),
};
