// DETR's post-processing on CPU values (models/detr.py PostProcess): each query gives one
// detection, labelled with its most likely real class, scored by that class's probability
// (the no-object class, the last, is never a label).
import { toXyxy, type Box, type BoxFormat } from './box-ops';

export interface QueryDetection {
  label: number;
  score: number;
  box: Box; // xyxy
}

/** probs [q, k1] (softmax), boxes [q, 4] for one image -> q detections. */
export const decodeQueries = (
  probs: ArrayLike<number>,
  boxes: ArrayLike<number>,
  q: number,
  k1: number,
  format: BoxFormat,
): QueryDetection[] =>
  Array.from({ length: q }, (_, i) => {
    let label = 0;
    for (let c = 1; c < k1 - 1; c++)
      if ((probs[i * k1 + c] ?? 0) > (probs[i * k1 + label] ?? 0)) label = c;
    const b = [0, 1, 2, 3].map((c) => boxes[i * 4 + c] ?? 0);
    return { label, score: probs[i * k1 + label] ?? 0, box: toXyxy(b, format) };
  });
