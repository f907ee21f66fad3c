// DETR's set loss (Carion et al. 2020, sec. 3.1, eq. 2 and models/detr.py SetCriterion):
//   L = w_class CE(logits, matched classes; no-object weighted by eos) + w_L1 L1 + w_GIoU (1 - GIoU)
// with the matching found exactly per image on CPU values (not differentiated), then the gradient
// flowing through the matched (query, target) pairs only. Box terms are averaged over the real
// targets of the batch, the class term is the eos-weighted mean over every query.
// b batch, q queries, k1 classes + 1, m target slots (padded).
import type { NodeLayer, TF } from '../../../core/node-contract/node-definition';
import type { BoxFormat } from '../shared/box-ops';
import { giouTensor, xyxyTensor } from '../shared/box-ops.tf';
import { matchImage } from './set-matching';

export interface HungarianLossParams {
  classWeight: number;
  l1Weight: number;
  giouWeight: number;
  noObjectWeight: number;
  predictionFormat: string;
  targetFormat: string;
}

export const createHungarianLossLayer = (tf: TF, params: HungarianLossParams): NodeLayer => ({
  weights: {},
  apply: (inputs) => {
    const { logits, boxes, targetBoxes, targetLabels, targetMask } = inputs;
    if (!logits || !boxes || !targetBoxes || !targetLabels || !targetMask)
      throw new Error('detection/hungarian-loss needs logits, boxes and the three targets.');
    const [b = 1, q = 1, k1 = 2] = logits.shape;
    const m = targetLabels.shape[1] ?? 0;
    const predFormat = params.predictionFormat as BoxFormat;
    const targetFormat = params.targetFormat as BoxFormat;
    // 1. The matching, on values: nothing here is on the gradient tape.
    const probs = tf.tidy(() => tf.softmax(logits)).dataSync();
    const boxValues = boxes.dataSync();
    const tBoxes = targetBoxes.dataSync();
    const tLabels = targetLabels.dataSync();
    const tMask = targetMask.dataSync();
    const match = new Int32Array(b * m).fill(-1);
    const select = new Float32Array(b * m * q); // S[b, j, q] = 1 when target j <- query q
    const classTarget = new Float32Array(b * q * k1);
    const classWeight = new Float32Array(b * q);
    let numBoxes = 0;
    for (let i = 0; i < b; i++) {
      const mi = matchImage(
        probs.subarray(i * q * k1, (i + 1) * q * k1),
        boxValues.subarray(i * q * 4, (i + 1) * q * 4),
        q,
        k1,
        {
          boxes: tBoxes.subarray(i * m * 4, (i + 1) * m * 4),
          labels: tLabels.subarray(i * m, (i + 1) * m),
          mask: tMask.subarray(i * m, (i + 1) * m),
        },
        params,
        predFormat,
        targetFormat,
      );
      const cls = new Int32Array(q).fill(k1 - 1); // unmatched queries: no object
      mi.forEach((qi, j) => {
        if (qi < 0) return;
        match[i * m + j] = qi;
        select[(i * m + j) * q + qi] = 1;
        cls[qi] = tLabels[i * m + j] ?? k1 - 1;
        numBoxes += 1;
      });
      cls.forEach((c, qi) => {
        classTarget[(i * q + qi) * k1 + c] = 1;
        classWeight[i * q + qi] = c === k1 - 1 ? params.noObjectWeight : 1;
      });
    }
    numBoxes = Math.max(1, numBoxes);
    // 2. The differentiable terms through the matched pairs.
    const w = tf.tensor2d(classWeight, [b, q]);
    const nll = tf.neg(
      tf.sum(tf.mul(tf.logSoftmax(logits), tf.tensor3d(classTarget, [b, q, k1])), -1),
    );
    const classLoss = tf.div(tf.sum(tf.mul(nll, w)), tf.sum(w));
    const matched = tf.matMul(tf.tensor3d(select, [b, m, q]), boxes); // [b, m, 4]
    const real = tf.tensor2d(
      Float32Array.from(match, (v) => (v >= 0 ? 1 : 0)),
      [b, m],
    );
    const l1Pred = predFormat === targetFormat ? matched : xyxyTensor(tf, matched, predFormat);
    const l1Target =
      predFormat === targetFormat ? targetBoxes : xyxyTensor(tf, targetBoxes, targetFormat);
    const l1 = tf.div(tf.sum(tf.mul(tf.sum(tf.abs(tf.sub(l1Pred, l1Target)), -1), real)), numBoxes);
    const g = giouTensor(
      tf,
      xyxyTensor(tf, matched, predFormat),
      xyxyTensor(tf, targetBoxes, targetFormat),
    );
    const giouLoss = tf.div(tf.sum(tf.mul(tf.sub(1, g), real)), numBoxes);
    const loss = tf.addN([
      tf.mul(classLoss, params.classWeight),
      tf.mul(l1, params.l1Weight),
      tf.mul(giouLoss, params.giouWeight),
    ]);
    return {
      loss,
      classLoss,
      l1,
      giou: giouLoss,
      match: tf.tensor2d(match, [b, m], 'int32'),
    };
  },
});
