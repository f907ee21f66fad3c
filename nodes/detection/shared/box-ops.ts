// Box arithmetic on plain numbers (the matcher and mAP run on CPU values): format conversion,
// IoU and generalised IoU. A box is [cx, cy, w, h] or [x0, y0, x1, y1], normalised to [0, 1].
//
// Rezatofighi et al. Generalized Intersection over Union (CVPR 2019), Algorithm 1:
//   GIoU = IoU - |C \ (A u B)| / |C|, C the smallest box enclosing A and B.

export type BoxFormat = 'cxcywh' | 'xyxy';
export type Box = readonly [number, number, number, number];

export const toXyxy = (b: ArrayLike<number>, format: BoxFormat): Box => {
  const [a = 0, c = 0, d = 0, e = 0] = [b[0], b[1], b[2], b[3]];
  return format === 'xyxy' ? [a, c, d, e] : [a - d / 2, c - e / 2, a + d / 2, c + e / 2];
};

const area = (b: Box): number => Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);

/** Intersection and union areas of two xyxy boxes. */
const overlap = (a: Box, b: Box): { inter: number; union: number } => {
  const iw = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const ih = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = iw * ih;
  return { inter, union: area(a) + area(b) - inter };
};

/** IoU of two xyxy boxes (0 when both are empty). */
export const iou = (a: Box, b: Box): number => {
  const { inter, union } = overlap(a, b);
  return union > 0 ? inter / union : 0;
};

/** Generalised IoU of two xyxy boxes, in [-1, 1]. */
export const giou = (a: Box, b: Box): number => {
  const { inter, union } = overlap(a, b);
  const hull = area([
    Math.min(a[0], b[0]),
    Math.min(a[1], b[1]),
    Math.max(a[2], b[2]),
    Math.max(a[3], b[3]),
  ]);
  const i = union > 0 ? inter / union : 0;
  return hull > 0 ? i - (hull - union) / hull : i;
};
