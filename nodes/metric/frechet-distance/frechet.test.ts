import { describe, expect, it } from 'vitest';
import { featureStats, frechetDistance } from './frechet';
import { symmetricEigen, symmetricFunction } from './symmetric-eigen';

describe('Fréchet distance in float64', () => {
  it('Jacobi eigen-decomposition reconstructs a symmetric matrix', () => {
    const n = 5;
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j <= i; j++)
        m[i * n + j] = m[j * n + i] = Math.sin(i * 3 + j * 7) + (i === j ? 3 : 0);
    const { values, vectors } = symmetricEigen(m, n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += vectors[i * n + k]! * values[k]! * vectors[j * n + k]!;
        expect(s).toBeCloseTo(m[i * n + j]!, 10);
      }
    const root = symmetricFunction(m, n, (l) => Math.sqrt(Math.max(l, 0)));
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += root[i * n + k]! * root[k * n + j]!;
        expect(s).toBeCloseTo(m[i * n + j]!, 9);
      }
  });

  it('matches the closed form for diagonal Gaussians: |Δμ|² + Σ (σ₁ − σ₂)²', () => {
    const d = 3;
    const a = {
      d,
      count: 10,
      mean: Float64Array.from([0, 1, 2]),
      cov: Float64Array.from([4, 0, 0, 0, 1, 0, 0, 0, 9]),
    };
    const b = {
      d,
      count: 10,
      mean: Float64Array.from([1, 1, 0]),
      cov: Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 4]),
    };
    expect(frechetDistance(a, b)).toBeCloseTo(1 + 4 + (2 - 1) ** 2 + 0 + (3 - 2) ** 2, 9);
    expect(frechetDistance(a, a)).toBeCloseTo(0, 9);
  });

  it('matches the 1-D formula for non-commuting 2-D covariances (rotation invariance)', () => {
    // Σ₂ = R Σ₁ Rᵀ with equal means: d² = 2 Tr Σ₁ − 2 Tr (Σ₁^{1/2} R Σ₁ Rᵀ Σ₁^{1/2})^{1/2}; for Σ₁ = diag(4, 1)
    // and a 90° rotation Σ₂ = diag(1, 4): Σ₁Σ₂ = diag(4, 4), so d² = 5 + 5 − 2·4 = 2.
    const a = { d: 2, count: 10, mean: new Float64Array(2), cov: Float64Array.from([4, 0, 0, 1]) };
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    // A general rotation, checked against the eigenvalues of Σ₁Σ₂ computed by hand (2x2 trace/determinant).
    const rot = [c, -s, s, c];
    const s1 = [4, 0, 0, 1];
    const mul = (x: number[], y: number[]) => [
      x[0]! * y[0]! + x[1]! * y[2]!,
      x[0]! * y[1]! + x[1]! * y[3]!,
      x[2]! * y[0]! + x[3]! * y[2]!,
      x[2]! * y[1]! + x[3]! * y[3]!,
    ];
    const s2 = mul(mul(rot, s1), [c, s, -s, c]);
    const p = mul(s1, s2);
    const tr = p[0]! + p[3]!;
    const det = p[0]! * p[3]! - p[1]! * p[2]!;
    // Tr sqrt(P) for a 2x2 with positive eigenvalues: sqrt(tr + 2 sqrt(det)).
    const expected = 5 + 5 - 2 * Math.sqrt(tr + 2 * Math.sqrt(det));
    const b = { d: 2, count: 10, mean: new Float64Array(2), cov: Float64Array.from(s2) };
    expect(frechetDistance(a, b)).toBeCloseTo(expected, 9);
    expect(frechetDistance(a, { ...b, cov: Float64Array.from([1, 0, 0, 4]) })).toBeCloseTo(2, 9);
  });

  it('featureStats gives the unbiased covariance', () => {
    const s = featureStats([1, 2, 3, 6, 5, 10], 3, 2);
    expect(Array.from(s.mean)).toEqual([3, 6]);
    expect(Array.from(s.cov)).toEqual([4, 8, 8, 16]);
  });
});
