// The sizes of the OadTR templates (one place, read by the template writer and the results script).
export const OADTR = {
  /** Past frames T per window (the current frame last). */
  window: 16,
  features: 32,
  /** Future frames the decoder predicts (its learned queries). */
  future: 4,
  actions: 5,
  /** Model width D, heads, MLP hidden width, encoder layers. */
  width: 64,
  heads: 4,
  hidden: 128,
  encoderLayers: 2,
  batch: 32,
  lr: 1e-3,
  /** Weight of the decoder's auxiliary cross-entropy in the total loss. */
  auxWeight: 0.5,
  steps: 3000,
  seed: 1,
} as const;

export const OADTR_CLASSES = OADTR.actions + 1;

/** Which parts of OadTR a template keeps (the full model and the two ablations). */
export interface OadtrVariant {
  name: string;
  decoder: boolean;
  taskToken: boolean;
}

export const OADTR_VARIANTS: readonly OadtrVariant[] = [
  { name: 'oadtr', decoder: true, taskToken: true },
  { name: 'oadtr-no-decoder', decoder: false, taskToken: true },
  { name: 'oadtr-no-task-token', decoder: true, taskToken: false },
];
