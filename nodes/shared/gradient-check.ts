// Test helper: compares tfjs's analytic gradient of a scalar function with central finite
// differences, element by element, in float32 (so tolerances are loose: ~1e-2 relative).
import type { TF, Tensor } from '../../core/node-contract/node-definition';

export interface GradientCheckResult {
  /** Largest |analytic - numeric| / max(1, |numeric|) over the checked elements. */
  maxError: number;
  /** How many elements were checked. */
  checked: number;
}

/**
 * f maps x (same shape as `x`) to a scalar. Checks up to `maxElements` evenly spread elements
 * with step `eps`. Run on the cpu backend for exact float32 arithmetic.
 */
export const gradientCheck = (
  tf: TF,
  f: (x: Tensor) => Tensor,
  x: Tensor,
  opts: { eps?: number; maxElements?: number } = {},
): GradientCheckResult => {
  const eps = opts.eps ?? 1e-2;
  const maxElements = opts.maxElements ?? 24;
  const analytic = tf.tidy(() =>
    tf
      .grad((a: Tensor) => f(a))(x)
      .dataSync()
      .slice(),
  );
  const base = x.dataSync().slice();
  const n = base.length;
  const stride = Math.max(1, Math.floor(n / maxElements));
  let maxError = 0;
  let checked = 0;
  for (let i = 0; i < n; i += stride) {
    const at = (delta: number): number =>
      tf.tidy(() => {
        const v = base.slice();
        v[i] = (v[i] as number) + delta;
        return f(tf.tensor(v, x.shape, 'float32')).dataSync()[0] as number;
      });
    const numeric = (at(eps) - at(-eps)) / (2 * eps);
    const err = Math.abs((analytic[i] as number) - numeric) / Math.max(1, Math.abs(numeric));
    maxError = Math.max(maxError, err);
    checked++;
  }
  return { maxError, checked };
};
