// Objective scheduling, as the app's trainer runs it.

/** Whether an objective runs at `step` (0-based within its stage): from step s, every k steps. */
export const isObjectiveDue = (o: { every: number; from: number }, step: number): boolean =>
  step >= o.from && (step - o.from) % Math.max(1, o.every) === 0;
