import { describe, it, expect } from 'vitest';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseIdx } from './idx';
import { createDataProvider, createShapeEnv } from './data-provider';
import { findFashionMnistDir } from './fashion-mnist-source';

const idx = (dims: number[], data: number[]): Buffer => {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head[2] = 0x08;
  head[3] = dims.length;
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, Buffer.from(data)]);
};

describe('engine data', () => {
  it('parses raw and gzipped IDX', () => {
    const raw = idx([2, 2], [0, 255, 7, 9]);
    const parsed = parseIdx(raw);
    expect(parsed.dims).toEqual([2, 2]);
    expect(Array.from(parsed.data)).toEqual([0, 255, 7, 9]);
    expect(parseIdx(gzipSync(raw)).data[1]).toBe(255);
    expect(() => parseIdx(Buffer.from([1, 2, 3, 4]))).toThrow(/magic/);
  });

  it('loads MNIST with a deterministic train/test split', async () => {
    const data = createDataProvider();
    const train = await data.load('mnist', 'train');
    const test = await data.load('mnist', 'test');
    expect(train.count + test.count).toBeGreaterThan(9000);
    expect(test.count).toBeGreaterThan(1300);
    expect(train.images.length).toBe(train.count * 784);
    expect(Math.max(...train.images.subarray(0, 784))).toBeLessThanOrEqual(1);
    expect(new Set(test.labels).size).toBe(10);
    expect(createShapeEnv().datasets.mnist?.available).toBe(true);
  });

  it('reads Fashion-MNIST from a user folder and says how to get it when missing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fmnist-'));
    const img = (n: number) => gzipSync(idx([n, 28, 28], new Array(n * 784).fill(51)));
    const lbl = (n: number) => gzipSync(idx([n], new Array(n).fill(3)));
    writeFileSync(path.join(dir, 'train-images-idx3-ubyte.gz'), img(3));
    writeFileSync(path.join(dir, 'train-labels-idx1-ubyte.gz'), lbl(3));
    writeFileSync(path.join(dir, 't10k-images-idx3-ubyte.gz'), img(2));
    writeFileSync(path.join(dir, 't10k-labels-idx1-ubyte.gz'), lbl(2));
    const test = await createDataProvider({ fashionMnistDir: dir }).load('fashion-mnist', 'test');
    expect(test.count).toBe(2);
    expect(test.images[0]).toBeCloseTo(0.2, 5);
    expect(test.labels[1]).toBe(3);
    const empty = mkdtempSync(path.join(tmpdir(), 'none-'));
    const saved = process.env.TESSERA_FASHION_MNIST_DIR;
    delete process.env.TESSERA_FASHION_MNIST_DIR;
    if (!findFashionMnistDir(empty)) {
      expect(
        createShapeEnv({ fashionMnistDir: empty }).datasets['fashion-mnist']?.howToGet,
      ).toMatch(/apt-get install dataset-fashion-mnist/);
    }
    if (saved !== undefined) process.env.TESSERA_FASHION_MNIST_DIR = saved;
  });

  it.runIf(findFashionMnistDir() !== undefined)(
    // Needs Debian's dataset-fashion-mnist (or TESSERA_FASHION_MNIST_DIR); skipped when absent.
    'loads the installed Fashion-MNIST (needs Debian dataset-fashion-mnist, skipped without): 60,000 train and 10,000 test images',
    async () => {
      const data = createDataProvider();
      const test = await data.load('fashion-mnist', 'test');
      expect(test.count).toBe(10000);
      expect(test.images.length).toBe(10000 * 784);
      expect(new Set(test.labels).size).toBe(10);
      expect((await data.load('fashion-mnist', 'train')).count).toBe(60000);
      expect(createShapeEnv().datasets['fashion-mnist']?.available).toBe(true);
    },
  );
});
