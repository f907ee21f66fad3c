// The train/validation split of an image folder, stratified: in each class a seeded permutation
// (mulberry32) sends round(n x fraction) images to validation, at least one where the class has
// two or more and the fraction is above 0, never the class's last image. Pure; the same seed and
// files give the same split on every machine.
// n images, h w c their size; pixels in [0, 1].
import type { DatasetArrays } from '../../../core/node-contract/node-definition';
import { mulberry32, permutation } from '../../shared/seeded-random';

export interface ImageSplit {
  train: DatasetArrays;
  test: DatasetArrays;
  /** Indices into the folder's images, per split. */
  trainIndex: number[];
  testIndex: number[];
}

const take = (data: DatasetArrays, index: readonly number[]): DatasetArrays => {
  const per = data.height * data.width * data.channels;
  const images = new Float32Array(index.length * per);
  const labels = new Int32Array(index.length);
  index.forEach((j, i) => {
    images.set(data.images.subarray(j * per, (j + 1) * per), i * per);
    labels[i] = data.labels[j] ?? 0;
  });
  return { ...data, images, labels, count: index.length };
};

/** Held-out count for a class of n images. */
export const validationCount = (n: number, fraction: number): number => {
  if (fraction <= 0 || n < 2) return 0;
  return Math.min(n - 1, Math.max(1, Math.round(n * fraction)));
};

export const splitImages = (data: DatasetArrays, fraction: number, seed: number): ImageSplit => {
  const byClass = new Map<number, number[]>();
  for (let j = 0; j < data.count; j++) {
    const l = data.labels[j] ?? 0;
    byClass.set(l, [...(byClass.get(l) ?? []), j]);
  }
  const next = mulberry32(seed);
  const trainIndex: number[] = [];
  const testIndex: number[] = [];
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = byClass.get(label)!;
    const order = permutation(next, members.length).map((k) => members[k]!);
    const held = validationCount(members.length, fraction);
    testIndex.push(...order.slice(0, held));
    trainIndex.push(...order.slice(held));
  }
  trainIndex.sort((a, b) => a - b);
  testIndex.sort((a, b) => a - b);
  const train = take(data, trainIndex);
  // Nothing held out (fraction 0, or one image per class): previews and evaluation see training images.
  const test = testIndex.length > 0 ? take(data, testIndex) : train;
  return { train, test, trainIndex, testIndex: testIndex.length > 0 ? testIndex : trainIndex };
};
