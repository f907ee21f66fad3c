// Fashion-MNIST from its four IDX files (gzip or raw): the official split, 60,000 train and
// 10,000 test images. Looked up in TESSERA_FASHION_MNIST_DIR, a folder given by the caller,
// or /usr/share/datasets/fashion-mnist (Debian: apt-get install dataset-fashion-mnist).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatasetArrays } from '../../../core/node-contract/node-definition';
import { parseIdx } from './idx';

export const FASHION_MNIST_SYSTEM_DIR = '/usr/share/datasets/fashion-mnist';
export const FASHION_MNIST_HOW_TO_GET =
  'Install it with `apt-get install dataset-fashion-mnist` (files in /usr/share/datasets/fashion-mnist), or put the four IDX files (train-images-idx3-ubyte.gz ...) in a folder and set TESSERA_FASHION_MNIST_DIR to it.';

const FILES = {
  train: ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'],
  test: ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'],
} as const;

const findFile = (dir: string, base: string): string | undefined =>
  [`${base}.gz`, base].map((f) => path.join(dir, f)).find((p) => existsSync(p));

/** The first folder holding all four files, or undefined. */
export const findFashionMnistDir = (userDir?: string): string | undefined => {
  const candidates = [
    userDir,
    process.env.TESSERA_FASHION_MNIST_DIR,
    FASHION_MNIST_SYSTEM_DIR,
  ].filter((d): d is string => !!d);
  return candidates.find((dir) =>
    [...FILES.train, ...FILES.test].every((f) => findFile(dir, f) !== undefined),
  );
};

export const loadFashionMnist = (split: 'train' | 'test', userDir?: string): DatasetArrays => {
  const dir = findFashionMnistDir(userDir);
  if (!dir) throw new Error(`Fashion-MNIST is not installed. ${FASHION_MNIST_HOW_TO_GET}`);
  const [imgName, lblName] = FILES[split];
  const img = parseIdx(readFileSync(findFile(dir, imgName) as string));
  const lbl = parseIdx(readFileSync(findFile(dir, lblName) as string));
  const [count = 0, height = 28, width = 28] = img.dims;
  if (lbl.dims[0] !== count)
    throw new Error(`Fashion-MNIST ${split}: ${count} images but ${lbl.dims[0]} labels in ${dir}.`);
  const images = new Float32Array(img.data.length);
  for (let i = 0; i < images.length; i++) images[i] = (img.data[i] ?? 0) / 255;
  return {
    name: 'fashion-mnist',
    images,
    labels: Int32Array.from(lbl.data),
    count,
    height,
    width,
    channels: 1,
    classes: 10,
  };
};
