// What the Runs view shows of a run, as plain functions: its label and colour, its start time,
// final loss and short graph hash, and several runs' curves of one objective on one step axis.
import type { RunSummary } from '../../core/run-history/run-record';
import { formatValue } from '../training/format-metric';

/**
 * Okabe & Ito's colour-blind-safe palette ("Color Universal Design", 2008), brightest first for a
 * dark background; runs past the eighth reuse it.
 */
export const runColors = [
  '#56B4E9',
  '#E69F00',
  '#009E73',
  '#F0E442',
  '#CC79A7',
  '#D55E00',
  '#0072B2',
  '#BBBBBB',
] as const;

export const runColor = (index: number): string => runColors[index % runColors.length]!;

/** "#1", "#2", ... in the order the runs started. */
export const runLabel = (index: number): string => `#${index + 1}`;

/** The first 8 hex digits of 'sha256:<hex>'. */
export const shortHash = (hash: string): string => hash.replace(/^sha256:/, '').slice(0, 8);

const two = (n: number) => String(n).padStart(2, '0');
const months = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/** Local time: "today 14:02:31", else "3 Nov 2026 14:02:31". */
export const runTime = (iso: string, now: Date = new Date()): string => {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return '—';
  const clock = `${two(t.getHours())}:${two(t.getMinutes())}:${two(t.getSeconds())}`;
  const today =
    t.getFullYear() === now.getFullYear() &&
    t.getMonth() === now.getMonth() &&
    t.getDate() === now.getDate();
  return today
    ? `today ${clock}`
    : `${t.getDate()} ${months[t.getMonth()]} ${t.getFullYear()} ${clock}`;
};

/** "Reconstruction 0.0213" (each objective's last loss), or "—" before any. */
export const finalLossText = (r: Pick<RunSummary, 'finalLosses'>): string => {
  const entries = Object.entries(r.finalLosses);
  return entries.length === 0 ? '—' : entries.map(([k, v]) => `${k} ${formatValue(v)}`).join(' · ');
};

/** "30 / 30" steps, or the step alone when the plan is unknown. */
export const stepsText = (r: Pick<RunSummary, 'step' | 'config'>): string =>
  r.config.totalSteps !== undefined ? `${r.step} / ${r.config.totalSteps}` : String(r.step);

/** The objectives that any of the runs has a curve for, in first-seen order. */
export const objectivesOf = (runs: readonly Pick<RunSummary, 'losses'>[]): string[] => {
  const seen: string[] = [];
  for (const r of runs) for (const k of Object.keys(r.losses)) if (!seen.includes(k)) seen.push(k);
  return seen;
};

/**
 * Several runs' curves of one objective on a shared step axis (what uPlot draws): the union of
 * their steps in order, and per run its value at each step or null where it has none.
 */
export const alignCurves = (
  runs: readonly Pick<RunSummary, 'losses'>[],
  objective: string,
): { steps: number[]; values: (number | null)[][] } => {
  const steps = [...new Set(runs.flatMap((r) => r.losses[objective]?.steps ?? []))].sort(
    (a, b) => a - b,
  );
  const at = new Map(steps.map((s, i) => [s, i]));
  const values = runs.map((r) => {
    const row: (number | null)[] = steps.map(() => null);
    const c = r.losses[objective];
    if (c) c.steps.forEach((s, i) => (row[at.get(s)!] = c.values[i] ?? null));
    return row;
  });
  return { steps, values };
};
