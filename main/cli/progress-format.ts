// Text for the CLI's training output: a progress bar and loss lines.
import type { TrainProgress } from '../../core/ipc/training-messages';

export const formatDuration = (seconds: number): string => {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0
    ? `${h}h${String(m).padStart(2, '0')}m`
    : m > 0
      ? `${m}m${String(r).padStart(2, '0')}s`
      : `${r}s`;
};

const num = (v: number): string =>
  Math.abs(v) >= 100 ? v.toFixed(1) : Math.abs(v) >= 0.01 ? v.toFixed(4) : v.toExponential(2);

export const progressBar = (p: TrainProgress, width = 24): string => {
  const frac = p.totalSteps > 0 ? Math.min(1, p.step / p.totalSteps) : 0;
  const filled = Math.round(frac * width);
  const losses = Object.entries(p.losses)
    .map(([k, v]) => `${k} ${num(v)}`)
    .join(' ');
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(frac * 100)).padStart(3)}% ${p.step}/${p.totalSteps} ${losses} | ${p.examplesPerSecond.toFixed(0)} ex/s | ETA ${formatDuration(p.etaSeconds)}`;
};

export const lossLine = (p: TrainProgress): string => {
  const parts = [`step ${p.step}/${p.totalSteps}`, `stage ${p.stageName}`];
  for (const [k, v] of Object.entries(p.losses)) parts.push(`loss[${k}] ${num(v)}`);
  for (const [k, v] of Object.entries(p.metrics)) parts.push(`${k} ${num(v)}`);
  parts.push(`${p.examplesPerSecond.toFixed(1)} ex/s`);
  return parts.join(' | ');
};
