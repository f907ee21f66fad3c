// How the cost pass's numbers read on the canvas: "12.3k params · 28.2k MACs" on a node, the
// totals of the graph or module in the status area. Unknown values are "?"; lower bounds "≥".
import type { CostTotals, NodeCost } from '../../core/graph/ir';

/** 160, 12.3k, 28.2k, 706k, 1.2M, 3.40G: three significant digits at most, k/M/G/T. */
export const formatCount = (n: number | undefined): string => {
  if (n === undefined || !Number.isFinite(n)) return '?';
  const abs = Math.abs(n);
  if (abs < 1000) return String(Math.round(n));
  const units = ['k', 'M', 'G', 'T'] as const;
  let v = n;
  let u = -1;
  while (Math.abs(v) >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  // 999.96k would print as 1000k: carry into the next unit.
  if (Math.abs(Number(v.toPrecision(3))) >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  const text = v.toFixed(digits).replace(/\.0+$|(\.\d*[1-9])0+$/, '$1');
  return `${text}${units[u]}`;
};

/** 512 B, 392 KiB, 1.5 MiB, 4.2 GiB. */
export const formatBytes = (n: number | undefined): string => {
  if (n === undefined || !Number.isFinite(n)) return '?';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const text = u === 0 || v >= 100 ? String(Math.round(v)) : v.toFixed(1).replace(/\.0$/, '');
  return `${text} ${units[u]}`;
};

/** The muted line on a node: "12.3k params · 28.2k MACs" ("? params · ? MACs" when unknown). */
export const nodeCostLine = (c: NodeCost): string => {
  const at = c.atLeast ? '≥' : '';
  const params = `${c.params === undefined ? '?' : at + formatCount(c.params)} params${c.shared ? ' (shared)' : ''}`;
  const macs = `${c.macs === undefined ? '?' : at + formatCount(c.macs)} MACs`;
  return `${params} · ${macs}`;
};

const exact = (n: number | undefined): string =>
  n === undefined ? 'unknown' : n.toLocaleString('en-US');

/** The node's tooltip: exact numbers, activation memory and why anything is unknown. */
export const nodeCostTitle = (c: NodeCost, batchSize?: number): string =>
  [
    `Parameters: ${exact(c.params)}${c.shared ? ' (shared weights: counted once in the totals)' : ''}`,
    `Multiply-adds per example: ${exact(c.macs)}`,
    `Activations: ${c.activationBytes === undefined ? 'unknown' : formatBytes(c.activationBytes)}${batchSize !== undefined && Number.isFinite(batchSize) ? ` at batch size ${batchSize}` : ''}`,
    ...(c.reason ? [`(${c.reason})`] : []),
  ].join('\n');

/** "13.3k+?" when some nodes are unknown: the known sum is then a lower bound. */
const total = (n: number, unknown: readonly string[], fmt: (n: number) => string): string =>
  `${fmt(n)}${unknown.length > 0 ? '+?' : ''}`;

/** The totals line: "13.3k+? params · 706k+? MACs/example · 1.4 MiB activations (batch 32)". */
export const totalsLine = (t: CostTotals): string =>
  `${total(t.params, t.unknownParams, formatCount)} params · ${total(t.macs, t.unknownMacs, formatCount)} MACs/example · ${total(t.activationBytes, t.unknownActivations, formatBytes)} activations${Number.isFinite(t.batchSize) ? ` (batch ${t.batchSize})` : ''}`;

const names = (list: readonly string[]): string =>
  list.length <= 8 ? list.join(', ') : `${list.slice(0, 8).join(', ')} and ${list.length - 8} more`;

/** The totals' tooltip: exact numbers, and which nodes the "?" stands for. */
export const totalsTitle = (t: CostTotals): string =>
  [
    `Parameters: ${exact(t.params)} (weights shared by several instances counted once)`,
    `Multiply-adds per example: ${exact(t.macs)} (a shared module counts once per call)`,
    `Activations of one training step: ${formatBytes(t.activationBytes)}${Number.isFinite(t.batchSize) ? ` at batch size ${t.batchSize}` : ''}`,
    ...(t.unknownParams.length > 0 ? [`Params unknown ("?") for: ${names(t.unknownParams)}`] : []),
    ...(t.unknownMacs.length > 0 ? [`MACs unknown for: ${names(t.unknownMacs)}`] : []),
    ...(t.unknownActivations.length > 0
      ? [`Activations unknown for: ${names(t.unknownActivations)}`]
      : []),
  ].join('\n');
