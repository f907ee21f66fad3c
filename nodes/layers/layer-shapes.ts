// Shape-inference helpers shared by the primitive layer nodes (pure; never throw).
import type { PortDiagnostic, ShapeContext } from '../../core/node-contract/node-definition';
import {
  divDim,
  formatShape,
  mulDim,
  type Dim,
  type TensorType,
} from '../../core/shapes/tensor-type';
import { tensorInput } from '../shared/shape-checks';
import { kernelInitOptions } from './kernel-init';

export const initParam = {
  kind: 'enum',
  default: 'glorot-uniform',
  options: kernelInitOptions,
  doc: 'Kernel initialiser: glorot-uniform (Keras default), he-normal (before ReLU), normal-0.02 (DCGAN). The bias starts at zero.',
} as const;

/** A float32 tensor on `port` of at least `minRank` axes, or undefined with a diagnostic. */
export const floatInput = (
  ctx: ShapeContext<unknown>,
  port: string,
  diags: PortDiagnostic[],
  minRank: number,
  layout: string,
  title: string,
  exact = false,
): TensorType | undefined => {
  const t = tensorInput(ctx, port, diags);
  if (!t) return undefined;
  if (t.dtype !== 'float32') {
    diags.push({
      severity: 'error',
      port,
      message: `'${port}' is ${t.dtype} but ${title} computes on float32; insert a cast to float32 (or, for token ids, an Embedding) before it.`,
    });
    return undefined;
  }
  if (exact ? t.shape.length !== minRank : t.shape.length < minRank) {
    diags.push({
      severity: 'error',
      port,
      message: `${title} needs '${port}' of rank ${minRank}${exact ? '' : ' or more'} (${layout}) but got ${t.shape.length === 0 ? 'a scalar' : `rank ${t.shape.length} (${formatShape(t.shape)})`}; reshape it first.`,
    });
    return undefined;
  }
  return t;
};

/** The size of the last axis when it is a known number, else a diagnostic naming what it sizes. */
export const knownLastDim = (
  t: TensorType,
  port: string,
  diags: PortDiagnostic[],
  sizes: string,
): number | undefined => {
  const c = t.shape[t.shape.length - 1];
  if (typeof c === 'number' && Number.isInteger(c) && c > 0) return c;
  diags.push({
    severity: 'error',
    port,
    message: `The last axis of '${port}' is ${c === undefined ? 'missing' : `'${String(c)}'`}, but its size must be known because it sizes ${sizes}; feed an input whose channel count is a number (e.g. from a layer with a fixed width).`,
  });
  return undefined;
};

const shift = (d: string, by: number): string =>
  by === 0 ? d : by > 0 ? `${d}+${by}` : `${d}-${-by}`;
const wrap = (d: string): string => (/^[A-Za-z0-9_]+$/.test(d) ? d : `(${d})`);

/** Conv2D output size: same -> ceil(n/s); valid -> floor((n - d(k-1) - 1)/s) + 1. */
export const convOutDim = (n: Dim, k: number, s: number, dil: number, padding: string): Dim => {
  const span = dil * (k - 1);
  if (typeof n === 'number')
    return padding === 'same' ? Math.ceil(n / s) : Math.floor((n - span - 1) / s) + 1;
  if (n === '?') return '?';
  if (padding === 'same' || span === 0) return divDim(n, s);
  return s === 1 ? shift(n, -span) : `${wrap(shift(n, -span - 1))}/${s}+1`;
};

/** ConvTranspose2D output size: same -> n*s; valid -> (n-1)*s + k. */
export const convTransposeOutDim = (n: Dim, k: number, s: number, padding: string): Dim => {
  if (typeof n === 'number') return padding === 'same' ? n * s : (n - 1) * s + k;
  if (n === '?') return '?';
  if (padding === 'same') return mulDim(n, s);
  return s === 1 ? shift(n, k - 1) : `${wrap(shift(n, -1))}*${s}+${k}`;
};
