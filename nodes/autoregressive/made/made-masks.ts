// MADE connectivity from degrees (Germain et al. 2015, section 4, eqs. 12-13).
// d inputs; layer l has k_l hidden units. Degrees: m0(d) in 1..D is the input's position in
// the order; hidden m_l(k) ~ U{min_k' m_{l-1}(k'), ..., D-1}.
//   hidden mask  M^{W_l}[k', k] = 1 iff m_l(k) >= m_{l-1}(k')   (eq. 12)
//   output mask  M^V[k, d]      = 1 iff m0(d) > m_L(k)          (eq. 13)
//   direct mask  M^A[j, d]      = 1 iff m0(d) > m0(j)
// Masks are stored as [fan-in, fan-out] to match x @ (W * M).
import { mulberry32, permutation, randIntInclusive } from '../../shared/seeded-random';

export interface MadeConnectivity {
  /** degrees[0] is the inputs' degrees (1..D); degrees[l] the l-th hidden layer's. */
  degrees: number[][];
  /** order[p] = position of pixel p in the ordering (0-based) = degrees[0][p] - 1. */
  order: number[];
  /** One mask per weight matrix: the hidden layers, the output, then the direct layer if asked. */
  masks: MaskMatrix[];
}

export interface MaskMatrix {
  name: string;
  rows: number;
  cols: number;
  /** Row-major 0/1. */
  data: Uint8Array;
}

export const madeConnectivity = (
  d: number,
  hidden: readonly number[],
  order: 'natural' | 'random',
  seed: number,
  direct: boolean,
): MadeConnectivity => {
  const next = mulberry32(seed);
  const perm = order === 'random' ? permutation(next, d) : Array.from({ length: d }, (_, i) => i);
  const m0 = perm.map((p) => p + 1);
  const degrees: number[][] = [m0];
  for (const k of hidden) {
    const prev = degrees[degrees.length - 1] as number[];
    const lo = Math.min(d - 1, Math.min(...prev));
    degrees.push(Array.from({ length: k }, () => randIntInclusive(next, lo, d - 1)));
  }
  const mask = (
    name: string,
    from: number[],
    to: number[],
    allowed: (a: number, b: number) => boolean,
  ): MaskMatrix => {
    const data = new Uint8Array(from.length * to.length);
    for (let r = 0; r < from.length; r++)
      for (let c = 0; c < to.length; c++)
        data[r * to.length + c] = allowed(from[r] as number, to[c] as number) ? 1 : 0;
    return { name, rows: from.length, cols: to.length, data };
  };
  const masks: MaskMatrix[] = [];
  for (let l = 1; l < degrees.length; l++)
    masks.push(mask(`w${l}`, degrees[l - 1] as number[], degrees[l] as number[], (a, b) => b >= a));
  masks.push(mask('v', degrees[degrees.length - 1] as number[], m0, (a, b) => b > a));
  if (direct) masks.push(mask('a', m0, m0, (a, b) => b > a));
  return { degrees, order: perm, masks };
};

const HEX = '0123456789abcdef';

/** Packs a 0/1 mask into hex, 4 entries per digit, most significant first (for previews). */
export const packMaskHex = (bits: Uint8Array): string => {
  let out = '';
  for (let i = 0; i < bits.length; i += 4) {
    const v =
      ((bits[i] ?? 0) << 3) |
      ((bits[i + 1] ?? 0) << 2) |
      ((bits[i + 2] ?? 0) << 1) |
      (bits[i + 3] ?? 0);
    out += HEX[v];
  }
  return out;
};

/** Inverse of packMaskHex. */
export const unpackMaskHex = (hex: string, length: number): Uint8Array => {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const v = HEX.indexOf(hex[i >> 2] ?? '0');
    out[i] = (v >> (3 - (i & 3))) & 1;
  }
  return out;
};

/** The JSON a MADE node's preview() returns, read by the mask visualizer. */
export interface MadeMaskPreview {
  kind: 'made-masks';
  inputShape: number[];
  order: number[];
  degrees: number[][];
  masks: { name: string; rows: number; cols: number; connections: number; bitsHex: string }[];
}

export const madeMaskPreview = (conn: MadeConnectivity, inputShape: number[]): MadeMaskPreview => ({
  kind: 'made-masks',
  inputShape,
  order: conn.order,
  degrees: conn.degrees,
  masks: conn.masks.map((m) => ({
    name: m.name,
    rows: m.rows,
    cols: m.cols,
    connections: m.data.reduce((s, v) => s + v, 0),
    bitsHex: packMaskHex(m.data),
  })),
});
