// CropAndResize for wasm, as TensorFlow (and tfjs's cpu backend) define it. The stock wasm kernel
// skips the row interpolation when a box spans the full width (x1 = 0, x2 = 1), off by up to 1.7
// on a unit-range image: SimCLR's random crops hit that case. Augmentation-sized work, so a loop
// over the heap is enough.
import type { TensorInfo, NamedAttrMap } from '@tensorflow/tfjs';
import type { WasmOps } from './wasm-ops';

export interface CropGeometry {
  imageHeight: number;
  imageWidth: number;
  cropHeight: number;
  cropWidth: number;
}

/**
 * Source coordinate of output index i along one axis (TensorFlow's crop_and_resize), with the
 * operations in tfjs cpu's order so that floor/ceil/round see the same doubles.
 */
export function sourceCoordinate(
  a: number,
  b: number,
  size: number,
  crop: number,
  i: number,
): number {
  if (crop <= 1) return 0.5 * (a + b) * (size - 1);
  const scale = ((b - a) * (size - 1)) / (crop - 1);
  return a * (size - 1) + i * scale;
}

/** Crops `boxes` [n, 4] (normalised y1, x1, y2, x2) of `image` [b, h, w, c] into [n, ch, cw, c]. */
export function cropAndResizeValues(
  image: Float32Array,
  imageShape: readonly number[],
  boxes: Float32Array,
  boxInd: Int32Array,
  cropHeight: number,
  cropWidth: number,
  method: 'bilinear' | 'nearest',
  extrapolation: number,
  out: Float32Array,
): void {
  const [batch, h, w, c] = imageShape as [number, number, number, number];
  const n = boxInd.length;
  const rowStride = w * c;
  const imageStride = h * rowStride;
  let o = 0;
  for (let k = 0; k < n; k++) {
    const y1 = boxes[4 * k]!;
    const x1 = boxes[4 * k + 1]!;
    const y2 = boxes[4 * k + 2]!;
    const x2 = boxes[4 * k + 3]!;
    const bi = boxInd[k]!;
    if (bi < 0 || bi >= batch)
      throw new Error(`Tessera wasm CropAndResize: box ${k} names image ${bi} of ${batch}`);
    const base = bi * imageStride;
    for (let y = 0; y < cropHeight; y++) {
      const inY = sourceCoordinate(y1, y2, h, cropHeight, y);
      if (inY < 0 || inY > h - 1) {
        out.fill(extrapolation, o, o + cropWidth * c);
        o += cropWidth * c;
        continue;
      }
      const top = Math.floor(inY);
      const bottom = Math.ceil(inY);
      const yLerp = inY - top;
      for (let x = 0; x < cropWidth; x++) {
        const inX = sourceCoordinate(x1, x2, w, cropWidth, x);
        if (inX < 0 || inX > w - 1) {
          out.fill(extrapolation, o, o + c);
          o += c;
          continue;
        }
        if (method === 'nearest') {
          const src = base + Math.round(inY) * rowStride + Math.round(inX) * c;
          for (let ch = 0; ch < c; ch++) out[o++] = image[src + ch]!;
          continue;
        }
        const left = Math.floor(inX);
        const right = Math.ceil(inX);
        const xLerp = inX - left;
        const tl = base + top * rowStride + left * c;
        const tr = base + top * rowStride + right * c;
        const bl = base + bottom * rowStride + left * c;
        const br = base + bottom * rowStride + right * c;
        for (let ch = 0; ch < c; ch++) {
          const t = image[tl + ch]! + (image[tr + ch]! - image[tl + ch]!) * xLerp;
          const b = image[bl + ch]! + (image[br + ch]! - image[bl + ch]!) * xLerp;
          out[o++] = t + (b - t) * yLerp;
        }
      }
    }
  }
}

/** The kernel: float32 images (others are cast by the caller's stock path), int32 box indices. */
export function cropAndResize(
  ops: WasmOps,
  image: TensorInfo,
  boxes: TensorInfo,
  boxInd: TensorInfo,
  attrs: NamedAttrMap,
): TensorInfo | null {
  if (image.dtype !== 'float32' || boxes.dtype !== 'float32' || boxInd.dtype !== 'int32')
    return null;
  const [cropHeight, cropWidth] = attrs['cropSize'] as [number, number];
  const method = attrs['method'] === 'nearest' ? 'nearest' : 'bilinear';
  const extrapolation = (attrs['extrapolationValue'] as number | undefined) ?? 0;
  const n = boxes.shape[0] as number;
  const c = image.shape[3] as number;
  const out = ops.alloc([n, cropHeight, cropWidth, c]);
  cropAndResizeValues(
    ops.view(image),
    image.shape,
    ops.view(boxes),
    ops.intView(boxInd),
    cropHeight,
    cropWidth,
    method,
    extrapolation,
    ops.view(out),
  );
  return out;
}
