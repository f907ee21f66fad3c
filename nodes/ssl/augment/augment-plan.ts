// The random draws of one augmentation call, in plain JS: per example a crop box (SimCLR's random
// resized crop: area fraction s ~ U[scaleMin, scaleMax] of the image, aspect ratio r with log r ~
// U[log ratioMin, log ratioMax], a uniform position; 10 tries, then the centred largest box, as
// torchvision's RandomResizedCrop), a horizontal flip and a brightness shift.

export interface AugmentParams {
  scaleMin: number;
  scaleMax: number;
  ratioMin: number;
  ratioMax: number;
  flip: number;
  noiseStd: number;
  brightness: number;
  size: number;
  seed: number;
}

export interface AugmentPlan {
  /**
   * [y1, x1, y2, x2] per example as tf.image.cropAndResize reads them: the first and last pixel
   * rows/columns of the crop over (size - 1), so [0, 0, 1, 1] at the input size is the identity.
   */
  boxes: number[][];
  /** 1 where the example is flipped left-right. */
  flips: number[];
  /** Added to every pixel of the example. */
  shifts: number[];
  /** Seed of the Gaussian noise tensor. */
  noiseSeed: number;
}

export const planAugment = (
  next: () => number,
  count: number,
  height: number,
  width: number,
  p: AugmentParams,
): AugmentPlan => {
  const boxes: number[][] = [];
  const flips: number[] = [];
  const shifts: number[] = [];
  const area = height * width;
  const logLo = Math.log(p.ratioMin);
  const logHi = Math.log(p.ratioMax);
  for (let i = 0; i < count; i++) {
    let box: number[] | undefined;
    for (let attempt = 0; attempt < 10 && !box; attempt++) {
      const target = area * (p.scaleMin + (p.scaleMax - p.scaleMin) * next());
      const ratio = Math.exp(logLo + (logHi - logLo) * next());
      const w = Math.round(Math.sqrt(target * ratio));
      const h = Math.round(Math.sqrt(target / ratio));
      if (w >= 1 && h >= 1 && w <= width && h <= height) {
        const top = Math.floor(next() * (height - h + 1));
        const left = Math.floor(next() * (width - w + 1));
        const sy = Math.max(1, height - 1);
        const sx = Math.max(1, width - 1);
        box = [top / sy, left / sx, (top + h - 1) / sy, (left + w - 1) / sx];
      }
    }
    boxes.push(box ?? [0, 0, 1, 1]);
    flips.push(next() < p.flip ? 1 : 0);
    shifts.push(p.brightness > 0 ? (2 * next() - 1) * p.brightness : 0);
  }
  return { boxes, flips, shifts, noiseSeed: Math.floor(next() * 2147483647) };
};
