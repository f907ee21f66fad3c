// Node types the PyTorch exporter does not express yet, each with the reason shown when a graph
// uses one. Every entry is a decision, not an omission: a node type missing from torch-forms.ts
// altogether fails torch-forms.test.ts. Moving a type out of this list means writing its form and
// an equivalence test.
import type { TorchForm } from './torch-form';

const notYet = (what: string): TorchForm => ({
  kind: 'unsupported',
  reason: `${what} has no PyTorch form in this version of the exporter`,
});

const reasons: Record<string, string> = {
  'custom/custom-layer':
    'a custom-code layer is TypeScript run on tfjs; it cannot be translated to PyTorch. Replace it with primitive nodes, or export with --target typescript',
  'data/image-folder':
    "the Image Folder dataset is read by Tessera's own decoder and cache; the PyTorch export has no loader for it yet. Export with --target typescript, or load the folder with torchvision.datasets.ImageFolder in the generated train.py",
};

const pending: readonly string[] = [];

export const unsupportedForms: Record<string, TorchForm> = {
  ...Object.fromEntries(
    Object.entries(reasons).map(([type, reason]) => [type, { kind: 'unsupported', reason }]),
  ),
  ...Object.fromEntries(pending.map((type) => [type, notYet(type)])),
};
