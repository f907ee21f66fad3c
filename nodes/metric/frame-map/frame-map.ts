// Per-frame mean average precision of online action detection (THUMOS14 protocol, as in OadTR
// and LSTR's evaluation): for every action class, the average precision of its score over all
// frames with "this frame is that class" as the positives; the mean over action classes, the
// background class left out. Pure (no tf). n frames, k classes (scores row-major n x k).

/**
 * Average precision of one class as scikit-learn's average_precision_score computes it:
 * AP = sum_i (R_i - R_{i-1}) P_i over the distinct score thresholds, highest first (tied scores
 * form one threshold). Undefined when there are no positives.
 */
export const averagePrecision = (
  scores: ArrayLike<number>,
  positive: ArrayLike<boolean>,
): number | undefined => {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (scores[b] as number) - (scores[a] as number),
  );
  let total = 0;
  for (let i = 0; i < n; i++) if (positive[i]) total += 1;
  if (total === 0) return undefined;
  let tp = 0;
  let seen = 0;
  let recallBefore = 0;
  let ap = 0;
  for (let i = 0; i < n;) {
    const s = scores[order[i]!] as number;
    // Take every frame tied at this score, then add one point of the precision-recall curve.
    while (i < n && (scores[order[i]!] as number) === s) {
      if (positive[order[i]!]) tp += 1;
      seen += 1;
      i += 1;
    }
    const recall = tp / total;
    ap += (recall - recallBefore) * (tp / seen);
    recallBefore = recall;
  }
  return ap;
};

export interface FrameMapResult {
  /** Mean AP over the action classes that have positive frames. */
  map: number;
  /** AP per class (index = class); undefined for the background and for classes with no frames. */
  perClass: (number | undefined)[];
}

/** Per-frame mAP of scores (n x k) against labels (n), leaving out the `background` class. */
export const frameMeanAp = (
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: number,
  background = 0,
): FrameMapResult => {
  const n = labels.length;
  const perClass: (number | undefined)[] = [];
  for (let k = 0; k < classes; k++) {
    if (k === background) {
      perClass.push(undefined);
      continue;
    }
    const s = Float64Array.from({ length: n }, (_, i) => scores[i * classes + k] as number);
    const pos = Array.from({ length: n }, (_, i) => labels[i] === k);
    perClass.push(averagePrecision(s, pos));
  }
  const defined = perClass.filter((v): v is number => v !== undefined);
  const map = defined.length > 0 ? defined.reduce((a, b) => a + b, 0) / defined.length : NaN;
  return { map, perClass };
};
