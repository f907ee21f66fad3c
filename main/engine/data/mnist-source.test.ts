import { describe, expect, it } from 'vitest';
import { loadMnist } from './mnist-source';

const same = (a: Float32Array | Int32Array, b: Float32Array | Int32Array): boolean =>
  Buffer.compare(
    Buffer.from(a.buffer, a.byteOffset, a.byteLength),
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  ) === 0;

describe('loadMnist', () => {
  it('gives the same splits whichever is asked first, each file parsed once for both', () => {
    const train = loadMnist('train');
    const test = loadMnist('test'); // the split kept from the same pass
    const testAgain = loadMnist('test'); // a new pass, test first
    const trainAgain = loadMnist('train');
    expect(train.count + test.count).toBe(10_000);
    expect(test.count).toBe(1_424);
    expect(same(testAgain.images, test.images)).toBe(true);
    expect(same(trainAgain.images, train.images)).toBe(true);
    expect(same(trainAgain.labels, train.labels)).toBe(true);
    // Classes in order 0..9, pixels in [0, 1].
    const labels = Array.from(train.labels);
    expect(labels).toEqual([...labels].sort((a, b) => a - b));
    expect(new Set(labels).size).toBe(10);
    let outside = 0;
    for (const v of train.images) if (!(v >= 0 && v <= 1)) outside++;
    expect(outside).toBe(0);
    expect(train.images.length).toBe(train.count * 784);
  });
});
