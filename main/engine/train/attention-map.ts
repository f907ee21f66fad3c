// The 'attention-map' preview: one example's attention weights as query x key heatmaps, one
// panel per head, side by side (rows = queries, columns = keys, viridis colours, each panel
// scaled from min(0, its min) to its max so that relu^2 weights (GAU), whose rows do not sum to 1,
// and FLASH's linear term, which can be negative, show too).
// b batch, h heads, n queries, m keys
import { PNG } from 'pngjs';

/** A float matrix, row-major. */
export interface HeatMatrix {
  rows: number;
  cols: number;
  data: Float32Array;
}

/** A type alias, not an interface: the event passes through tf.tidy's TensorContainer. */
export type AttentionMapData = {
  kind: 'attention-map';
  /** Which example of the batch is drawn. */
  example: number;
  /** Heads in the tensor, and how many are drawn (at most MAX_HEADS). */
  heads: number;
  shownHeads: number;
  queries: number;
  keys: number;
  /** Each drawn cell is the mean over block x block weights (1 = none). */
  block: number;
  /** Per drawn head: the largest weight (drawn yellow), min(0, the smallest) (drawn purple), and the range of row sums. */
  headMax: number[];
  headMin: number[];
  rowSum: { min: number; max: number };
};

export const MAX_HEADS = 8;
const PAD = 4;
const BG = 128;
/** viridis at 0, 0.25, 0.5, 0.75, 1. */
const STOPS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** viridis colour of v in [0, 1] (clamped), linear between five stops. */
export const viridis = (v: number): [number, number, number] => {
  const x = Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const t = x - i;
  const [a, b] = [STOPS[i]!, STOPS[i + 1]!];
  return [0, 1, 2].map((c) => Math.round(a[c]! + (b[c]! - a[c]!) * t)) as [number, number, number];
};

/** Mean-pools a matrix in block x block cells (edge cells average what they hold). */
export const meanPool = (m: HeatMatrix, block: number): HeatMatrix => {
  if (block <= 1) return m;
  const rows = Math.ceil(m.rows / block);
  const cols = Math.ceil(m.cols / block);
  const sum = new Float32Array(rows * cols);
  const count = new Float32Array(rows * cols);
  for (let r = 0; r < m.rows; r++)
    for (let c = 0; c < m.cols; c++) {
      const k = Math.floor(r / block) * cols + Math.floor(c / block);
      sum[k]! += m.data[r * m.cols + c]!;
      count[k]! += 1;
    }
  return { rows, cols, data: sum.map((s, k) => s / count[k]!) };
};

/**
 * The heads of example `example` of attention weights shaped [b, h, n, m] (or [b, n, m]: one
 * head, as Self-Attention 2D gives), with their summary.
 */
export const attentionHeads = (
  values: ArrayLike<number>,
  shape: readonly number[],
  example = 0,
): { heads: HeatMatrix[]; data: Omit<AttentionMapData, 'block'> } | undefined => {
  if (shape.length !== 3 && shape.length !== 4) return undefined;
  const [b = 1, h = 1, n = 1, m = 1] =
    shape.length === 4 ? shape : [shape[0], 1, shape[1], shape[2]];
  if (example >= b) return undefined;
  const shown = Math.min(h, MAX_HEADS);
  const heads: HeatMatrix[] = [];
  let minSum = Infinity;
  let maxSum = -Infinity;
  for (let head = 0; head < shown; head++) {
    const start = (example * h + head) * n * m;
    const data = Float32Array.from({ length: n * m }, (_, i) => values[start + i] ?? 0);
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let c = 0; c < m; c++) s += data[r * m + c]!;
      minSum = Math.min(minSum, s);
      maxSum = Math.max(maxSum, s);
    }
    heads.push({ rows: n, cols: m, data });
  }
  return {
    heads,
    data: {
      kind: 'attention-map',
      example,
      heads: h,
      shownHeads: shown,
      queries: n,
      keys: m,
      headMax: heads.map((x) => x.data.reduce((a, v) => Math.max(a, v), 0)),
      headMin: heads.map((x) => x.data.reduce((a, v) => Math.min(a, v), 0)),
      rowSum: { min: minSum, max: maxSum },
    },
  };
};

/**
 * Draws the heads side by side, 4-px grey gaps: each mean-pooled to at most maxSide cells a side,
 * then scaled up (at most 8x) so its longer side reaches about minSide px; colour = (weight - lo) /
 * (max - lo) with lo = min(0, the head's min).
 */
export const renderHeatmaps = (
  heads: readonly HeatMatrix[],
  maxSide = 128,
  minSide = 96,
): { png: Buffer; block: number } => {
  const longest = Math.max(1, ...heads.map((m) => Math.max(m.rows, m.cols)));
  const block = Math.max(1, Math.ceil(longest / maxSide));
  const pooled = heads.map((m) => meanPool(m, block));
  const scale = Math.min(
    8,
    Math.max(1, Math.floor(minSide / Math.max(1, ...pooled.map((m) => Math.max(m.rows, m.cols))))),
  );
  const width = PAD + pooled.reduce((w, m) => w + m.cols * scale + PAD, 0);
  const height = 2 * PAD + Math.max(1, ...pooled.map((m) => m.rows * scale));
  const png = new PNG({ width, height });
  for (let i = 0; i < png.data.length; i += 4) {
    png.data[i] = png.data[i + 1] = png.data[i + 2] = BG;
    png.data[i + 3] = 255;
  }
  let x0 = PAD;
  for (const m of pooled) {
    const lo = m.data.reduce((a, v) => Math.min(a, v), 0);
    const range = m.data.reduce((a, v) => Math.max(a, v), 0) - lo || 1;
    for (let y = 0; y < m.rows * scale; y++)
      for (let x = 0; x < m.cols * scale; x++) {
        const v = (m.data[Math.floor(y / scale) * m.cols + Math.floor(x / scale)]! - lo) / range;
        const [r, g, b] = viridis(v);
        const p = ((PAD + y) * width + x0 + x) * 4;
        png.data[p] = r;
        png.data[p + 1] = g;
        png.data[p + 2] = b;
      }
    x0 += m.cols * scale + PAD;
  }
  return { png: PNG.sync.write(png), block };
};

/** The preview of an attention tensor: PNG plus its summary, or undefined when the shape is not one. */
export const renderAttentionMap = (
  values: ArrayLike<number>,
  shape: readonly number[],
): { png: Buffer; data: AttentionMapData } | undefined => {
  const heads = attentionHeads(values, shape);
  if (!heads) return undefined;
  const { png, block } = renderHeatmaps(heads.heads);
  return { png, data: { ...heads.data, block } };
};
