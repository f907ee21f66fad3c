// Fréchet distance between two Gaussians fitted to feature vectors (Dowson & Landau 1982; used as
// FID by Heusel et al. 2017, eq. 6):  d² = ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2 (Σ₁ Σ₂)^{1/2}).
// Tr (Σ₁Σ₂)^{1/2} = Tr (Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2}: the two are similar matrices, and the second is
// symmetric positive semi-definite, so both square roots come from symmetric eigen-decompositions.
// n samples, d feature dim; all arithmetic in float64.
import { symmetricEigen, symmetricFunction } from './symmetric-eigen';

export interface FeatureStats {
  d: number;
  count: number;
  mean: Float64Array;
  /** d x d, row-major, unbiased (divides by count - 1). */
  cov: Float64Array;
}

/** Mean and covariance of n feature rows (n x d, row-major). */
export const featureStats = (features: ArrayLike<number>, n: number, d: number): FeatureStats => {
  if (n < 2) throw new Error(`Feature statistics need at least 2 samples; got ${n}.`);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) mean[j] = (mean[j] ?? 0) + (features[i * d + j] ?? 0) / n;
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = (features[i * d + j] ?? 0) - (mean[j] ?? 0);
    for (let j = 0; j < d; j++) {
      const rj = row[j] ?? 0;
      if (rj === 0) continue;
      for (let k = j; k < d; k++) cov[j * d + k] = (cov[j * d + k] ?? 0) + rj * (row[k] ?? 0);
    }
  }
  for (let j = 0; j < d; j++)
    for (let k = j; k < d; k++) {
      const c = (cov[j * d + k] ?? 0) / (n - 1);
      cov[j * d + k] = c;
      cov[k * d + j] = c;
    }
  return { d, count: n, mean, cov };
};

const matMul = (a: Float64Array, b: Float64Array, d: number): Float64Array => {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let k = 0; k < d; k++) {
      const aik = a[i * d + k] ?? 0;
      if (aik === 0) continue;
      for (let j = 0; j < d; j++)
        out[i * d + j] = (out[i * d + j] ?? 0) + aik * (b[k * d + j] ?? 0);
    }
  return out;
};

/** Fréchet distance (squared, as FID reports it) between two sets of feature statistics. */
export const frechetDistance = (a: FeatureStats, b: FeatureStats): number => {
  const d = a.d;
  if (b.d !== d) throw new Error(`Feature dims differ: ${a.d} vs ${b.d}.`);
  let meanTerm = 0;
  let trace = 0;
  for (let j = 0; j < d; j++) {
    meanTerm += ((a.mean[j] ?? 0) - (b.mean[j] ?? 0)) ** 2;
    trace += (a.cov[j * d + j] ?? 0) + (b.cov[j * d + j] ?? 0);
  }
  const sqrtA = symmetricFunction(a.cov, d, (l) => Math.sqrt(Math.max(l, 0)));
  const m = matMul(matMul(sqrtA, b.cov, d), sqrtA, d);
  // Symmetrise against rounding before the second decomposition.
  for (let i = 0; i < d; i++)
    for (let j = i + 1; j < d; j++) {
      const s = ((m[i * d + j] ?? 0) + (m[j * d + i] ?? 0)) / 2;
      m[i * d + j] = s;
      m[j * d + i] = s;
    }
  let traceSqrt = 0;
  for (const l of symmetricEigen(m, d).values) traceSqrt += Math.sqrt(Math.max(l, 0));
  return Math.max(meanTerm + trace - 2 * traceSqrt, 0);
};
