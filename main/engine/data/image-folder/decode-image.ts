// Decoding one image file of an image folder: PNG (pngjs) or JPEG (jpeg-js), told apart by their
// signature bytes, not the file name. Both give 8-bit RGBA; `colour` says whether the source had
// colour (a grey PNG or a JPEG whose pixels all have r = g = b reads as grey).
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

export interface DecodedImage {
  width: number;
  height: number;
  /** width x height x 4 bytes, RGBA. */
  rgba: Uint8Array;
  /** The source had colour channels (else grey). */
  colour: boolean;
  format: 'png' | 'jpeg';
}

/** Images larger than this (in megapixels) are refused rather than decoded into memory. */
export const MAX_MEGAPIXELS = 64;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export const imageFormatOf = (bytes: Uint8Array): 'png' | 'jpeg' | undefined => {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
};

const hasColour = (rgba: Uint8Array): boolean => {
  for (let i = 0; i < rgba.length; i += 4)
    if (rgba[i] !== rgba[i + 1] || rgba[i] !== rgba[i + 2]) return true;
  return false;
};

/**
 * Decodes PNG or JPEG bytes. Throws an Error whose message says what is wrong with the bytes (the
 * caller names the file): not an image, truncated, too large.
 */
export const decodeImage = (bytes: Uint8Array): DecodedImage => {
  const format = imageFormatOf(bytes);
  if (!format) throw new Error('it is neither a PNG nor a JPEG (its first bytes match neither)');
  if (format === 'png') {
    let png: ReturnType<typeof PNG.sync.read>;
    try {
      png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } catch (e) {
      throw new Error(`the PNG is corrupt or truncated (${(e as Error).message})`, { cause: e });
    }
    if (png.width * png.height > MAX_MEGAPIXELS * 1e6)
      throw new Error(
        `it is ${png.width} x ${png.height}, over ${MAX_MEGAPIXELS} megapixels; shrink it`,
      );
    return {
      width: png.width,
      height: png.height,
      rgba: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength),
      colour: png.color,
      format,
    };
  }
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: MAX_MEGAPIXELS,
      maxMemoryUsageInMB: 1024,
    });
  } catch (e) {
    throw new Error(`the JPEG is corrupt or truncated (${(e as Error).message})`, { cause: e });
  }
  if (img.width === 0 || img.height === 0 || img.data.length < img.width * img.height * 4)
    throw new Error('the JPEG holds no complete image');
  return {
    width: img.width,
    height: img.height,
    rgba: img.data,
    colour: hasColour(img.data),
    format,
  };
};
