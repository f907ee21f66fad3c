// Symbolic tensor types carried on ports and edges.
// A dim is a number when known, or a name: B batch, H W spatial, C channels,
// N tokens, K codes, D code dim, T steps. Names may carry arithmetic results like 'H/4'.

export type Dim = number | string;
export type Shape = readonly Dim[];
export type DType = 'float32' | 'int32' | 'bool';

export interface TensorType {
  kind: 'tensor';
  dtype: DType;
  shape: Shape;
}

/** A module travelling along an edge, callable by control-flow nodes (samplers, EMA). */
export interface ModelHandleType {
  kind: 'model';
  moduleId: string;
  inputs: Record<string, TensorType>;
  outputs: Record<string, TensorType>;
}

export type ValueType = TensorType | ModelHandleType;

export const tensorType = (dtype: DType, shape: Shape): TensorType => ({
  kind: 'tensor',
  dtype,
  shape,
});

export const formatDim = (d: Dim): string => String(d);

/** "B x 7 x 7 x 64" — the label drawn on an edge. */
export const formatShape = (shape: Shape): string =>
  shape.length === 0 ? 'scalar' : shape.map(formatDim).join(' x ');

export const formatValueType = (t: ValueType): string =>
  t.kind === 'model'
    ? `model ${t.moduleId}`
    : `${formatShape(t.shape)}${t.dtype === 'float32' ? '' : ` ${t.dtype}`}`;

/** Two dims agree when equal, or when either is an unnamed wildcard '?'. */
export const dimsAgree = (a: Dim, b: Dim): boolean => a === b || a === '?' || b === '?';

/** Divide a dim by an integer factor: 28/2 = 14, 'H'/4 = 'H/4'. */
export const divDim = (d: Dim, by: number): Dim =>
  by === 1 ? d : typeof d === 'number' ? Math.floor(d / by) : `${d}/${by}`;

/** Multiply a dim by an integer factor: 7*2 = 14, 'H/4'*2 = 'H/2', 'H'*2 = 'H*2'. */
export const mulDim = (d: Dim, by: number): Dim => {
  if (by === 1 || typeof d === 'number') return typeof d === 'number' ? d * by : d;
  const m = /^(.*)\/(\d+)$/.exec(d);
  if (m && m[1] !== undefined && m[2] !== undefined) {
    const den = Number(m[2]);
    if (den % by === 0) return den / by === 1 ? m[1] : `${m[1]}/${den / by}`;
  }
  return `${d}*${by}`;
};
