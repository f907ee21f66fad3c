// NumPy-style broadcasting over symbolic shapes: aligned from the right, two dims agree when
// equal (named dims by name), when one is 1, or when one is missing (a leading dim); '?' is a
// wildcard that takes the other dim.
import { formatShape, type Dim, type Shape } from '../../../core/shapes/tensor-type';

export type BroadcastResult =
  { ok: true; shape: Shape } | { ok: false; axis: number; a: Dim; b: Dim; message: string };

const broadcastDim = (a: Dim, b: Dim): Dim | undefined =>
  a === b ? a : a === 1 || a === '?' ? b : b === 1 || b === '?' ? a : undefined;

/** The shape of a (op) b, or where and why they do not broadcast (message names the fix). */
export const broadcastShapes = (a: Shape, b: Shape, names = ['a', 'b']): BroadcastResult => {
  const [na, nb] = names;
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 1; i <= rank; i++) {
    const da = a.length - i >= 0 ? a[a.length - i] : 1;
    const db = b.length - i >= 0 ? b[b.length - i] : 1;
    const d = broadcastDim(da as Dim, db as Dim);
    if (d === undefined)
      return {
        ok: false,
        axis: -i,
        a: da as Dim,
        b: db as Dim,
        message:
          `'${na}' is ${formatShape(a)} and '${nb}' is ${formatShape(b)}: axis ${-i} (counting from the end) is ${String(da)} in ${na} but ${String(db)} in ${nb}. ` +
          `Broadcasting needs each axis, aligned from the right, to be equal or 1 in one of them; reshape '${nb}' so that this axis is ${String(da)} or 1 (a Reshape node, or a Mean with keepDims), or connect tensors of matching shapes.`,
      };
    out.unshift(d);
  }
  return { ok: true, shape: out };
};
