// The allowed ranges of the project's numeric fields outside node params (training, stages,
// objectives, previews, node bookkeeping). One table, read by the document schema (a file out of
// range does not load) and by the training pass (an edit out of range is an error in the editor),
// so both say the same thing: the field, the value and the range.

export interface NumberBound {
  min: number;
  max: number;
  /** Whole numbers only (steps, sizes, seeds). */
  integer: boolean;
}

const whole = (min: number, max: number): NumberBound => ({ min, max, integer: true });

/** Up to ten million steps: far past any run this app trains, small enough to stay exact. */
const MAX_STEPS = 10_000_000;

export const trainingBounds = {
  /** Examples per step; the training panel offers the same range. */
  batchSize: whole(1, 4096),
  /** Seeds of the trainer's generators (31 bits, as every node's seed param). */
  seed: whole(0, 2_147_483_647),
  /** 0 saves only at the end. */
  checkpointEvery: whole(0, MAX_STEPS),
} as const satisfies Record<string, NumberBound>;

export const stageBounds = {
  steps: whole(1, MAX_STEPS),
} as const satisfies Record<string, NumberBound>;

export const objectiveBounds = {
  every: whole(1, 1_000_000),
  from: whole(0, MAX_STEPS),
  /** 0 disables clipping. */
  clipGradNorm: { min: 0, max: 1e6, integer: false },
} as const satisfies Record<string, NumberBound>;

export const previewBounds = {
  every: whole(1, MAX_STEPS),
} as const satisfies Record<string, NumberBound>;

export const nodeBounds = {
  typeVersion: whole(0, 10_000),
  /** Canvas coordinates: finite and far past any layout. */
  position: { min: -1e9, max: 1e9, integer: false },
} as const satisfies Record<string, NumberBound>;

/** "from 1 to 4096" (or "between 0 and 1000000" for a real number). */
export const rangeText = (b: NumberBound): string =>
  b.integer ? `a whole number from ${b.min} to ${b.max}` : `a number from ${b.min} to ${b.max}`;

const shown = (value: unknown): string =>
  value === undefined
    ? 'missing'
    : typeof value === 'number'
      ? String(value)
      : (JSON.stringify(value)?.slice(0, 40) ?? String(value));

/**
 * What is wrong with `value` as field `name` (a person's name for it: "batch size"), or undefined
 * when it is fine: "batch size is 1000000000000; set it to a whole number from 1 to 4096". No
 * final period, so a caller can go on ("... . Fix or remove it in the file.").
 */
export const boundProblem = (
  name: string,
  bound: NumberBound,
  value: unknown,
): string | undefined => {
  if (typeof value !== 'number' || !Number.isFinite(value))
    return `${name} is ${shown(value)}${value === undefined ? '' : ', not a finite number'}; set it to ${rangeText(bound)}`;
  if (bound.integer && !Number.isInteger(value))
    return `${name} is ${value}, not a whole number; set it to ${rangeText(bound)}`;
  if (value < bound.min || value > bound.max)
    return `${name} is ${value}; set it to ${rangeText(bound)}`;
  return undefined;
};
