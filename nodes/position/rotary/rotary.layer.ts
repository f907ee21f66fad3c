// Rotary position embedding (Su et al. 2021, RoFormer eq. 34), interleaved pairs:
//   (y_{2i}, y_{2i+1}) = (x_{2i} cos a - x_{2i+1} sin a, x_{2i} sin a + x_{2i+1} cos a),
//   a = n * base^(-2i/D), n the position (axis -2), i = 0..D/2-1.
// Written as x*cos + rot(x)*sin with rot((a, b)) = (-b, a) via reshape + reverse (no strided slice).
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';

export interface RotaryParams {
  base: number;
}

/** cos and sin of n * base^(-2i/D) as [N, D/2] values, in float64, rounded once to float32. */
export const rotaryAngles = (
  n: number,
  d: number,
  base: number,
): { cos: Float32Array; sin: Float32Array } => {
  const half = d / 2;
  const cos = new Float32Array(n * half);
  const sin = new Float32Array(n * half);
  for (let p = 0; p < n; p++)
    for (let i = 0; i < half; i++) {
      const a = p * Math.pow(base, (-2 * i) / d);
      cos[p * half + i] = Math.cos(a);
      sin[p * half + i] = Math.sin(a);
    }
  return { cos, sin };
};

export const createRotaryLayer = (tf: TF, params: RotaryParams, _ctx?: BuildContext): NodeLayer => {
  const cache = new Map<string, { cos: Float32Array; sin: Float32Array }>();
  return {
    weights: {},
    apply: (inputs) => {
      const x = inputs['x'] as Tensor;
      const [n, d] = x.shape.slice(-2) as [number, number];
      const key = `${n}x${d}`;
      let angles = cache.get(key);
      if (!angles) cache.set(key, (angles = rotaryAngles(n, d, params.base)));
      const cos = tf.tensor3d(angles.cos, [n, d / 2, 1], 'float32');
      const sin = tf.tensor3d(angles.sin, [n, d / 2, 1], 'float32');
      const pairs = tf.reshape(x, [...x.shape.slice(0, -1), d / 2, 2]);
      const rotated = tf.mul(tf.reverse(pairs, -1), tf.tensor1d([-1, 1], 'float32'));
      const y = tf.add(tf.mul(pairs, cos), tf.mul(rotated, sin));
      return { y: tf.reshape(y, x.shape) };
    },
  };
};
