// The IDX format of the MNIST family (LeCun's): a big-endian header (magic with the element type
// and rank, then one uint32 per dim) followed by uint8 data. Files may be gzip-compressed.
import { gunzipSync } from 'node:zlib';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

export const parseIdx = (raw: Uint8Array): IdxArray => {
  const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? new Uint8Array(gunzipSync(raw)) : raw;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4 || view.getUint16(0) !== 0)
    throw new Error('not an IDX file (bad magic number)');
  const type = bytes[2];
  if (type !== 0x08)
    throw new Error(`unsupported IDX element type 0x${(type ?? 0).toString(16)} (only uint8)`);
  const rank = bytes[3] ?? 0;
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i));
  const offset = 4 + 4 * rank;
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length < offset + size)
    throw new Error(`truncated IDX file: expected ${size} values, found ${bytes.length - offset}`);
  return { dims, data: bytes.subarray(offset, offset + size) };
};
