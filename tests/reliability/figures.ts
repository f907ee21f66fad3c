// Figures for docs/reliability.md. A reliability test calls recordFigure with what it measured;
// `npm run reliability` runs the `*.reliability.test.ts` files with TESSERA_RELIABILITY_OUT set
// and writes the collected figures into docs/reliability.md. Under a plain `npm test` the
// variable is unset and recordFigure does nothing, so the tests still run and assert.
import { appendFileSync } from 'node:fs';

/** The numbered areas, in the order the report lists them. */
export type ReliabilityArea =
  | 'web-shell'
  | 'bounds'
  | 'files'
  | 'recovery'
  | 'training-faults'
  | 'custom-code'
  | 'electron'
  | 'ci';

export interface ReliabilityFigure {
  area: ReliabilityArea;
  /** What was measured, as a person reads it: "requests tried", "server restarts". */
  label: string;
  value: number | string;
  /** What the value must be, as text: "0", ">= 10000", "all". */
  target?: string;
  /** Whether the value meets the target (the test asserts it too). */
  pass: boolean;
  /** The test file that produced it (import.meta.url or a relative path). */
  source: string;
}

export const reliabilityOutVar = 'TESSERA_RELIABILITY_OUT';

export const recordFigure = (figure: ReliabilityFigure): void => {
  const out = process.env[reliabilityOutVar];
  if (!out) return;
  appendFileSync(out, `${JSON.stringify(figure)}\n`);
};
