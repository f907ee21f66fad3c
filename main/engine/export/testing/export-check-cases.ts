// Which export-vs-app loss check each template gets in CI (export-templates.test.ts): a few
// steps at a small batch through the export's own --steps flag and the document's batch size,
// so the whole set stays within a few minutes on the wasm backend.

export interface ExportCheckCase {
  name: string;
  batch: number;
  steps: number;
}

/** Templates whose check is a test of its own in export-templates.test.ts. */
export const checkedByOwnTest: Readonly<Record<string, string>> = {
  // Both stages: stage 1 cut to 2 steps, then the transformer prior on frozen codes.
  vqgan: 'vqgan: both stages',
};

/** The DDPM's UNet (nested modules, attention) takes ~16 s at this size; latent diffusion is checked
 * on stage 1 here (templates/diffusion-export.test.ts runs both stages). */
export const defaultExportCheck = { batch: 4, steps: 3 } as const;

/** Where a template is checked at another size than the default (kept from earlier runs). */
const overrides: Readonly<Record<string, Omit<ExportCheckCase, 'name'>>> = {
  'vq-vae': { batch: 8, steps: 4 },
  dcgan: { batch: 8, steps: 3 },
  made: { batch: 8, steps: 4 },
  'conv-autoencoder': { batch: 8, steps: 3 },
};

/** One case per template, except those checked by their own test. */
export const exportCheckCases = (templates: readonly string[]): ExportCheckCase[] =>
  templates
    .filter((name) => checkedByOwnTest[name] === undefined)
    .map((name) => ({ name, ...(overrides[name] ?? defaultExportCheck) }));

/** The templates that have an export-vs-app check, by a case or by their own test. */
export const templatesWithExportCheck = (templates: readonly string[]): string[] => [
  ...exportCheckCases(templates).map((c) => c.name),
  ...templates.filter((name) => checkedByOwnTest[name] !== undefined),
];
