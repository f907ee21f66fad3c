// Per-node seeds derived from the document seed and a path, so that weights do not depend on
// build order: FNV-1a over "seed:path", folded to a positive 31-bit integer.
export const deriveSeed = (seed: number, path: string): number => {
  let h = 0x811c9dc5;
  const text = `${seed}:${path}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h % 2147483646) + 1;
};
