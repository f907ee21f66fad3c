// The per-frame prediction strip of a stream, as an RGB image in [0, 1] (rows x columns x 3):
// rows 0..k-1 the truth (a cell in its class colour where that class is the frame's label),
// one grey separator row, then rows k+1..2k the predicted probability of each class (the class
// colour at full probability fading to white at 0). Columns are frames, left to right.
// n frames, k classes.

const PALETTE: readonly (readonly [number, number, number])[] = [
  [0.35, 0.35, 0.35],
  [0.84, 0.15, 0.16],
  [0.12, 0.47, 0.71],
  [0.17, 0.63, 0.17],
  [1.0, 0.5, 0.05],
  [0.58, 0.4, 0.74],
  [0.55, 0.34, 0.29],
  [0.89, 0.47, 0.76],
  [0.74, 0.74, 0.13],
  [0.09, 0.75, 0.81],
];

export const classColour = (k: number): readonly [number, number, number] =>
  PALETTE[k % PALETTE.length]!;

export interface StripImage {
  height: number;
  width: number;
  /** height x width x 3, row-major. */
  data: Float32Array;
}

export const frameStrip = (
  probs: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: number,
): StripImage => {
  const width = labels.length;
  const height = 2 * classes + 1;
  const data = new Float32Array(height * width * 3).fill(1);
  const put = (row: number, col: number, rgb: readonly number[], amount: number): void => {
    for (let ch = 0; ch < 3; ch++)
      data[(row * width + col) * 3 + ch] = 1 - amount * (1 - (rgb[ch] as number));
  };
  for (let t = 0; t < width; t++) {
    const truth = labels[t] as number;
    put(truth, t, classColour(truth), 1);
    put(classes, t, [0.5, 0.5, 0.5], 1);
    for (let k = 0; k < classes; k++) {
      const p = Math.min(1, Math.max(0, probs[t * classes + k] as number));
      put(classes + 1 + k, t, classColour(k), p);
    }
  }
  return { height, width, data };
};
