// Eigen-decomposition of a real symmetric matrix by the cyclic Jacobi method (Golub & Van Loan,
// Matrix Computations, section 8.5), in float64. n x n, row-major; n is small (feature dims ~64).

export interface SymmetricEigen {
  /** Eigenvalues, in no particular order. */
  values: Float64Array;
  /** Eigenvectors as columns: vectors[i * n + k] is component i of eigenvector k. */
  vectors: Float64Array;
}

export const symmetricEigen = (
  matrix: Float64Array,
  n: number,
  maxSweeps = 100,
): SymmetricEigen => {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  const at = (i: number, j: number): number => a[i * n + j] ?? 0;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += at(i, i) ** 2;
      for (let j = i + 1; j < n; j++) off += at(i, j) ** 2;
    }
    if (off <= 1e-30 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = at(p, q);
        if (apq === 0) continue;
        // Rotation that zeroes a[p][q]: theta = (a_qq - a_pp) / (2 a_pq), t = sign / (|theta| + sqrt(theta^2 + 1)).
        const theta = (at(q, q) - at(p, p)) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = at(k, p);
          const akq = at(k, q);
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = at(p, k);
          const aqk = at(q, k);
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p] ?? 0;
          const vkq = v[k * n + q] ?? 0;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = at(i, i);
  return { values, vectors: v };
};

/** V f(Λ) Vᵀ for a symmetric matrix: applies f to its eigenvalues (square root, clipped at 0). */
export const symmetricFunction = (
  matrix: Float64Array,
  n: number,
  f: (lambda: number) => number,
): Float64Array => {
  const { values, vectors } = symmetricEigen(matrix, n);
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const fk = f(values[k] ?? 0);
    if (fk === 0) continue;
    for (let i = 0; i < n; i++) {
      const vik = (vectors[i * n + k] ?? 0) * fk;
      if (vik === 0) continue;
      for (let j = 0; j < n; j++)
        out[i * n + j] = (out[i * n + j] ?? 0) + vik * (vectors[j * n + k] ?? 0);
    }
  }
  return out;
};
