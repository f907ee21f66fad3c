// The PyTorch form of every node type, keyed by type id. torch-forms.test.ts fails when a
// registered type has no entry here, so a new node cannot land without deciding its form.
import { detectionForms } from './forms-detection';
import { diffusionForms } from './forms-diffusion';
import { familyForms } from './forms-family';
import { ganForms } from './forms-gan';
import { layerForms } from './forms-layers';
import { miscForms } from './forms-misc';
import { moduleForms } from './forms-modules';
import { opForms } from './forms-ops';
import { sequenceForms } from './forms-sequence';
import { sslForms } from './forms-ssl';
import { shapeNormForms } from './forms-shape-norm';
import { unsupportedForms } from './forms-unsupported';
import { vqganForms } from './forms-vqgan';
import type { TorchForm } from './torch-form';

export const torchForms: Readonly<Record<string, TorchForm>> = {
  ...unsupportedForms,
  ...layerForms,
  ...opForms,
  ...shapeNormForms,
  ...miscForms,
  ...ganForms,
  ...familyForms,
  ...sequenceForms,
  ...sslForms,
  ...detectionForms,
  ...diffusionForms,
  ...vqganForms,
  ...moduleForms,
};

/** Registered types without an entry (what the contract test lists). */
export const typesWithoutTorchForm = (types: readonly string[]): string[] =>
  types.filter((t) => torchForms[t] === undefined);

/** Types with a real PyTorch form (not 'unsupported', not a left-out sampler or metric). */
export const exportableTypes = (): string[] =>
  Object.entries(torchForms)
    .filter(([, f]) => f.kind !== 'unsupported' && f.kind !== 'preview')
    .map(([t]) => t)
    .sort();
