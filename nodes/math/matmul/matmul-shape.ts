// Shape inference for MatMul: a [..., M, K] x b [..., K, N] -> [..., M, N], either operand
// optionally transposed in its last two axes; batch axes equal, or b a single matrix.
import type { PortDiagnostic } from '../../../core/node-contract/node-definition';
import { dimsAgree, formatShape, type Dim, type Shape } from '../../../core/shapes/tensor-type';

export interface MatMulFlags {
  transposeA: boolean;
  transposeB: boolean;
}

/** The last two axes as [rows, cols] after the optional transpose. */
const matrixDims = (s: Shape, transpose: boolean): [Dim, Dim] => {
  const r = s[s.length - 2] as Dim;
  const c = s[s.length - 1] as Dim;
  return transpose ? [c, r] : [r, c];
};

const pick = (a: Dim, b: Dim): Dim => (a === '?' ? b : a);

export const matmulShape = (
  a: Shape,
  b: Shape,
  p: MatMulFlags,
): { shape: Shape } | { diagnostic: PortDiagnostic } => {
  const err = (port: string, message: string) => ({
    diagnostic: { severity: 'error' as const, port, message },
  });
  for (const [port, s] of [
    ['a', a],
    ['b', b],
  ] as const)
    if (s.length < 2)
      return err(
        port,
        `'${port}' needs at least 2 axes (a matrix, or a batch of them); got ${formatShape(s)}. Reshape a vector of length K to 1 x K (or K x 1).`,
      );
  const [m, ka] = matrixDims(a, p.transposeA);
  const [kb, n] = matrixDims(b, p.transposeB);
  if (!dimsAgree(ka, kb)) {
    const other = matrixDims(b, !p.transposeB)[0];
    const fix = dimsAgree(ka, other)
      ? `${p.transposeB ? 'turn off' : 'turn on'} transposeB (b looks stored the other way round)`
      : `connect a 'b' whose ${p.transposeB ? 'last' : 'second-to-last'} axis is ${String(ka)}, or change the width of whatever feeds 'a'`;
    return err(
      'b',
      `Inner dims differ: 'a' (${formatShape(a)}) has K = ${String(ka)} but 'b' (${formatShape(b)}) has K = ${String(kb)}; they must be equal. Fix: ${fix}.`,
    );
  }
  const batchA = a.slice(0, -2);
  if (b.length === 2) return { shape: [...batchA, m, n] };
  const batchB = b.slice(0, -2);
  if (batchA.length !== batchB.length || batchA.some((d, i) => !dimsAgree(d, batchB[i] as Dim)))
    return err(
      'b',
      `Batch axes differ: 'a' is ${formatShape(a)} (batch ${formatShape(batchA)}) and 'b' is ${formatShape(b)} (batch ${formatShape(batchB)}). They must be the same, or 'b' must be a single matrix (rank 2) shared over a's batch.`,
    );
  return { shape: [...batchA.map((d, i) => pick(d, batchB[i] as Dim)), m, n] };
};
