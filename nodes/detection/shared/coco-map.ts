// Mean average precision as COCO computes it (pycocotools COCOeval, bbox): per class and per IoU
// threshold, detections sorted by score (stable, descending) are matched greedily to the
// unmatched ground truth of their image with the highest IoU >= the threshold; precision is made
// monotone from the right and read at 101 recall points 0, 0.01, ..., 1 (0 past the last recall
// reached); AP averages those, mAP averages AP over the classes that have ground truth, and
// mAP@0.5:0.95 also over the ten thresholds 0.5, 0.55, ..., 0.95. No crowd or area ranges; at most
// maxDetections per image (highest scores), as COCO's maxDets = 100.
import { iou, type Box } from './box-ops';

export interface Detection {
  image: number;
  label: number;
  score: number;
  /** xyxy */
  box: Box;
}

export interface GroundTruth {
  image: number;
  label: number;
  /** xyxy */
  box: Box;
}

export const COCO_IOU_THRESHOLDS = Array.from({ length: 10 }, (_, i) => 0.5 + 0.05 * i);
const RECALL_POINTS = Array.from({ length: 101 }, (_, i) => i / 100);

/** AP of one class at one IoU threshold (101-point interpolation); undefined without ground truth. */
export const averagePrecision = (
  dets: readonly Detection[],
  gts: readonly GroundTruth[],
  threshold: number,
): number | undefined => {
  if (gts.length === 0) return undefined;
  const byImage = new Map<number, { box: Box; used: boolean }[]>();
  for (const g of gts) {
    const list = byImage.get(g.image) ?? [];
    list.push({ box: g.box, used: false });
    byImage.set(g.image, list);
  }
  const order = dets.map((d, i) => ({ d, i })).sort((a, b) => b.d.score - a.d.score || a.i - b.i);
  const tp: number[] = [];
  for (const { d } of order) {
    let best = -1;
    let bestIou = Math.min(threshold, 1 - 1e-10);
    const cands = byImage.get(d.image) ?? [];
    cands.forEach((g, k) => {
      if (g.used) return;
      const v = iou(d.box, g.box);
      if (v >= bestIou) {
        bestIou = v;
        best = k;
      }
    });
    if (best >= 0) cands[best]!.used = true;
    tp.push(best >= 0 ? 1 : 0);
  }
  const recall: number[] = [];
  const precision: number[] = [];
  let ctp = 0;
  tp.forEach((t, k) => {
    ctp += t;
    recall.push(ctp / gts.length);
    precision.push(ctp / (k + 1));
  });
  for (let k = precision.length - 2; k >= 0; k--)
    precision[k] = Math.max(precision[k]!, precision[k + 1]!);
  let sum = 0;
  for (const r of RECALL_POINTS) {
    // np.searchsorted(recall, r, side='left'): the first index whose recall >= r.
    const k = recall.findIndex((v) => v >= r - 1e-12);
    sum += k >= 0 ? precision[k]! : 0;
  }
  return sum / RECALL_POINTS.length;
};

export interface MapResult {
  /** mAP at IoU 0.5. */
  map50: number;
  /** mAP averaged over IoU 0.5:0.05:0.95. */
  map: number;
  /** AP at 0.5 per class (NaN for a class without ground truth). */
  perClass50: number[];
}

export const cocoMap = (
  dets: readonly Detection[],
  gts: readonly GroundTruth[],
  classes: number,
  maxDetections = 100,
): MapResult => {
  const perImage = new Map<number, Detection[]>();
  for (const d of dets) perImage.set(d.image, [...(perImage.get(d.image) ?? []), d]);
  const kept = [...perImage.values()].flatMap((list) =>
    [...list].sort((a, b) => b.score - a.score).slice(0, maxDetections),
  );
  const apAt = (t: number): number[] =>
    Array.from(
      { length: classes },
      (_, c) =>
        averagePrecision(
          kept.filter((d) => d.label === c),
          gts.filter((g) => g.label === c),
          t,
        ) ?? NaN,
    );
  const mean = (xs: number[]): number => {
    const ok = xs.filter((x) => !Number.isNaN(x));
    return ok.length > 0 ? ok.reduce((a, b) => a + b, 0) / ok.length : 0;
  };
  const perClass50 = apAt(0.5);
  return {
    map50: mean(perClass50),
    map: mean(COCO_IOU_THRESHOLDS.map((t) => mean(t === 0.5 ? perClass50 : apAt(t)))),
    perClass50,
  };
};
