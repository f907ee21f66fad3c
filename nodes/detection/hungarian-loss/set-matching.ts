// DETR's Hungarian matcher on CPU values for one image: the cost of giving target j to query q is
//   C[q, j] = -w_class p_q(c_j) + w_L1 |b_q - b_j|_1 - w_GIoU GIoU(b_q, b_j)
// (Carion et al. 2020, eq. 1 and sec. 3.1; models/matcher.py), solved exactly.
// q queries, k1 classes + 1 (no object), m target slots of which `mask` marks the real ones.
import { giou, toXyxy, type BoxFormat } from '../shared/box-ops';
import { linearSumAssignment } from '../shared/hungarian';

export interface MatchWeights {
  classWeight: number;
  l1Weight: number;
  giouWeight: number;
}

export interface ImageTargets {
  boxes: ArrayLike<number>; // m x 4
  labels: ArrayLike<number>; // m
  mask: ArrayLike<number>; // m
}

/** For each target slot, the query it is matched to (-1 for padding). */
export const matchImage = (
  probs: ArrayLike<number>, // q x k1, softmax over classes
  boxes: ArrayLike<number>, // q x 4
  q: number,
  k1: number,
  t: ImageTargets,
  w: MatchWeights,
  predFormat: BoxFormat,
  targetFormat: BoxFormat,
): Int32Array => {
  const m = t.labels.length;
  const real: number[] = [];
  for (let j = 0; j < m; j++) if ((t.mask[j] ?? 0) > 0) real.push(j);
  const match = new Int32Array(m).fill(-1);
  if (real.length === 0) return match;
  const pred = Array.from({ length: q }, (_, i) => [0, 1, 2, 3].map((c) => boxes[i * 4 + c] ?? 0));
  const predXy = pred.map((b) => toXyxy(b, predFormat));
  // Rows are targets, columns queries (targets <= queries), as the solver prefers.
  const n = real.length;
  const cost = new Float64Array(n * q);
  real.forEach((j, r) => {
    const tb = [0, 1, 2, 3].map((c) => t.boxes[j * 4 + c] ?? 0);
    const tbXy = toXyxy(tb, targetFormat);
    const label = t.labels[j] ?? 0;
    for (let i = 0; i < q; i++) {
      const pb = pred[i]!;
      const l1 = tb.reduce((s, v, c) => s + Math.abs((pb[c] ?? 0) - v), 0);
      cost[r * q + i] =
        -w.classWeight * (probs[i * k1 + label] ?? 0) +
        w.l1Weight * l1 -
        w.giouWeight * giou(predXy[i]!, tbXy);
    }
  });
  const rowToCol = linearSumAssignment(cost, n, q);
  real.forEach((j, r) => (match[j] = rowToCol[r] ?? -1));
  return match;
};
