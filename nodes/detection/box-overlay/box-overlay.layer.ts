// Draws boxes on images for previews: the image scaled up `scale` times (nearest), true boxes in
// white, predicted boxes whose score is at least `threshold` in their class colour.
// image [B, H, W, 3], logits [B, Q, K+1], boxes [B, Q, 4], targetBoxes [B, M, 4], targetMask [B, M]
// -> y [B, H*scale, W*scale, 3]. Values only: nothing here is differentiated.
import type { NodeLayer, TF } from '../../../core/node-contract/node-definition';
import { toXyxy, type Box, type BoxFormat } from '../shared/box-ops';
import { decodeQueries } from '../shared/detections';

export interface BoxOverlayParams {
  scale: number;
  threshold: number;
  boxFormat: string;
}

/** Class colours: red, green, blue, yellow, magenta, cyan, then repeating. */
export const CLASS_COLOURS: readonly (readonly [number, number, number])[] = [
  [1, 0.2, 0.2],
  [0.2, 1, 0.2],
  [0.3, 0.5, 1],
  [1, 1, 0.2],
  [1, 0.3, 1],
  [0.2, 1, 1],
];

/** Outline of an xyxy box (normalised) on an s x s x 3 image, in place. */
export const drawBox = (
  img: Float32Array,
  h: number,
  w: number,
  box: Box,
  colour: readonly number[],
): void => {
  const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, Math.round(v)));
  const x0 = clamp(box[0] * w, w);
  const x1 = clamp(box[2] * w - 1, w);
  const y0 = clamp(box[1] * h, h);
  const y1 = clamp(box[3] * h - 1, h);
  const put = (x: number, y: number) => img.set(colour, (y * w + x) * 3);
  for (let x = x0; x <= x1; x++) [y0, y1].forEach((y) => put(x, y));
  for (let y = y0; y <= y1; y++) [x0, x1].forEach((x) => put(x, y));
};

export const createBoxOverlayLayer = (tf: TF, params: BoxOverlayParams): NodeLayer => ({
  weights: {},
  apply: (inputs) => {
    const { image, logits, boxes, targetBoxes, targetMask } = inputs;
    if (!image || !logits || !boxes)
      throw new Error('detection/box-overlay needs image, logits and boxes.');
    const [b = 1, h = 1, w = 1] = image.shape;
    const [, q = 1, k1 = 2] = logits.shape;
    const s = params.scale;
    const [oh, ow] = [h * s, w * s];
    const src = image.dataSync();
    const probs = tf.tidy(() => tf.softmax(logits)).dataSync();
    const pb = boxes.dataSync();
    const tb = targetBoxes?.dataSync();
    const tm = targetMask?.dataSync();
    const m = targetMask?.shape[1] ?? 0;
    const format = params.boxFormat as BoxFormat;
    const out = new Float32Array(b * oh * ow * 3);
    for (let i = 0; i < b; i++) {
      const img = new Float32Array(oh * ow * 3);
      for (let y = 0; y < oh; y++)
        for (let x = 0; x < ow; x++) {
          const p = ((i * h + Math.floor(y / s)) * w + Math.floor(x / s)) * 3;
          img.set(src.subarray(p, p + 3), (y * ow + x) * 3);
        }
      if (tb && tm)
        for (let j = 0; j < m; j++)
          if ((tm[i * m + j] ?? 0) > 0)
            drawBox(
              img,
              oh,
              ow,
              toXyxy(tb.subarray((i * m + j) * 4, (i * m + j + 1) * 4), format),
              [1, 1, 1],
            );
      const dets = decodeQueries(
        probs.subarray(i * q * k1, (i + 1) * q * k1),
        pb.subarray(i * q * 4, (i + 1) * q * 4),
        q,
        k1,
        format,
      );
      for (const d of dets)
        if (d.score >= params.threshold)
          drawBox(img, oh, ow, d.box, CLASS_COLOURS[d.label % CLASS_COLOURS.length]!);
      out.set(img, i * oh * ow * 3);
    }
    return { y: tf.tensor4d(out, [b, oh, ow, 3]) };
  },
});
