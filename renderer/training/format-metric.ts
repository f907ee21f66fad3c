// How a training scalar reads in the Training panel: a name and a rounded value with its unit,
// never raw JSON. The names are what the engine reports: a scalar preview's source ports
// (`loss`, `distance`, `accuracy`, `perplexity`, `lambda`, `wasserstein`, `gradNorm`), the
// progress metrics (`<node label>.<port>`, e.g. `VQ.perplexity`), and the objectives' losses.
import { formatNumber } from '../app/safe-intl';

export interface FormattedMetric {
  /** What the value is, e.g. "perplexity", "NLL", "Fréchet distance". */
  name: string;
  /** The rounded value, e.g. "27.9". */
  value: string;
  /** e.g. "nats/image"; empty when the value has none. */
  unit: string;
  /** name, value and unit on one line: "NLL 81.4 nats/image". */
  text: string;
}

interface Rule {
  /** Matches the metric's last name segment (the port), case-insensitively. */
  key: RegExp;
  name: string;
  decimals?: number;
}

const rules: Rule[] = [
  { key: /^accuracy$/i, name: 'accuracy', decimals: 2 },
  { key: /^lambda$/i, name: 'lambda', decimals: 2 },
  { key: /^perplexity$/i, name: 'perplexity', decimals: 1 },
  { key: /^distance$/i, name: 'Fréchet distance', decimals: 1 },
  { key: /^fid$/i, name: 'Fréchet distance', decimals: 1 },
  { key: /^wasserstein$/i, name: 'Wasserstein estimate' },
  { key: /^gradnorm$/i, name: 'gradient norm', decimals: 2 },
  { key: /^used$/i, name: 'codes used', decimals: 0 },
  { key: /^nll$/i, name: 'NLL' },
  { key: /^mse$/i, name: 'MSE' },
];

/** Units a preview title or metric name can carry: "NLL (nats/image)", "loss (bits/dim)". */
const unitPattern = /\b(nats\/image|nats\/dim|bits\/dim|bits\/image|nats|bits|dB)\b/i;

/** Three significant digits near 1, one decimal from 10, none from 1000, an exponent below 0.01. */
export const formatValue = (v: number, decimals?: number): string => {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (decimals !== undefined) return formatNumber(v, decimals);
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1000) return formatNumber(v, 0);
  if (a >= 10) return formatNumber(v, 1);
  // Three significant digits: 3.14, 0.534, 0.0123.
  if (a >= 0.01) return formatNumber(v, 2 - Math.floor(Math.log10(a)));
  return v.toExponential(2);
};

/**
 * Formats one scalar. `key` is the reported name (port, `label.port`, or an objective);
 * `title` is what the document calls it (a preview's title), used for the name and unit when
 * the key alone is generic ("loss").
 */
export const formatMetric = (key: string, value: number, title?: string): FormattedMetric => {
  const port = key.includes('.') ? key.slice(key.lastIndexOf('.') + 1) : key;
  const source = key.includes('.') ? key.slice(0, key.lastIndexOf('.')) : '';
  const rule = rules.find((r) => r.key.test(port));
  const unit = unitPattern.exec(title ?? '')?.[1] ?? unitPattern.exec(key)?.[1] ?? '';
  let name = rule?.name ?? port;
  if (!rule) {
    // A generic port (a loss): the title says what it is ("NLL (nats/image)" -> "NLL",
    // "Reconstruction MSE" -> "MSE"); else the node's label.
    const t = (title ?? '').replace(/\(.*?\)/g, '').trim();
    const short = /\b(NLL|MSE|BCE|KL|ELBO)\b/i.exec(t)?.[1];
    if (short) name = short.toUpperCase();
    else if (source) name = `${source} ${port}`;
    else if (t) name = t;
  }
  const v = formatValue(value, rule?.decimals);
  return { name, value: v, unit, text: `${name} ${v}${unit ? ` ${unit}` : ''}` };
};

/** A preview's data as lines of text: its scalars, formatted. */
export const formatPreviewData = (data: unknown, title?: string): string[] => {
  if (typeof data === 'number') return [formatMetric(title ?? 'value', data, title).text];
  if (typeof data !== 'object' || data === null) return data === undefined ? [] : [String(data)];
  const lines: string[] = [];
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    // Arrays (codebook counts, masks) are drawn as the preview's image, not listed.
    if (typeof v === 'number') lines.push(formatMetric(k, v, title).text);
  }
  return lines;
};
