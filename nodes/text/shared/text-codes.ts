// Text on an edge: a batch of strings as int32 Unicode code points [B, S], 0 after the end
// (tensors carry no strings). The Tokenizer turns it into token ids. No runtime imports.

/** Code points of each text in a row of `width`, 0-padded; texts longer than width are cut. */
export const encodeTextCodes = (texts: readonly string[], width: number): Int32Array => {
  const out = new Int32Array(texts.length * width);
  texts.forEach((text, row) => {
    const points = Array.from(text, (ch) => ch.codePointAt(0) ?? 0).slice(0, width);
    out.set(points, row * width);
  });
  return out;
};

/** The texts of a [rows, width] block of code points (reading each row up to its first 0). */
export const decodeTextCodes = (codes: ArrayLike<number>, width: number): string[] => {
  const rows = width > 0 ? Math.floor(codes.length / width) : 0;
  return Array.from({ length: rows }, (_, r) => {
    let s = '';
    for (let i = 0; i < width; i++) {
      const c = codes[r * width + i] ?? 0;
      if (c === 0) break;
      s += String.fromCodePoint(c);
    }
    return s;
  });
};

/** Length in code points (what a row of the text tensor must hold). */
export const textLength = (text: string): number => Array.from(text).length;
