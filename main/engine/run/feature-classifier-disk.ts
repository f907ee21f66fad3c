// The Fréchet metric's feature classifiers on disk: <cache>/tessera/feature-classifier/<key>.json.
// Training one takes 800 steps (16-46 s on a busy 2-core machine), at every run's model build
// before the first step; a saved one loads in milliseconds and gives the same distances (the
// weights are stored as exact float32 bytes). The key hashes the classifier's own key (dataset
// name and size, config, backend), tf's version and the dataset's pixels and labels, so another
// dataset, config, backend or tf misses. Writes are atomic (temp file, rename); an unreadable or
// inconsistent file is a miss (and is trained and written again).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { version_core } from '@tensorflow/tfjs';
import type { DatasetArrays } from '../../../core/node-contract/node-definition';
import type { SavedClassifier } from '../../../nodes/metric/frechet-distance/feature-classifier';
import type { FeatureClassifierStore } from '../../../nodes/metric/frechet-distance/frechet-distance.layer';

/** Bump when the file layout changes, so that old files are not read. */
export const CLASSIFIER_FILE_FORMAT = 1;

export const featureClassifierDir = (env = process.env, home = homedir()): string =>
  path.join(env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'tessera', 'feature-classifier');

interface ClassifierFile {
  format: number;
  key: string;
  config: SavedClassifier['config'];
  pixels: number;
  classes: number;
  testAccuracy: number;
  /** Name -> shape and little-endian float32 values, base64. */
  weights: Record<string, { shape: number[]; float32: string }>;
}

const contentHashes = new WeakMap<DatasetArrays, string>();

/** sha256 of a dataset's pixels and labels (once per loaded dataset). */
const contentHash = (data: DatasetArrays): string => {
  let h = contentHashes.get(data);
  if (!h) {
    h = createHash('sha256')
      .update(new Uint8Array(data.images.buffer, data.images.byteOffset, data.images.byteLength))
      .update(new Uint8Array(data.labels.buffer, data.labels.byteOffset, data.labels.byteLength))
      .digest('hex');
    contentHashes.set(data, h);
  }
  return h;
};

const fileKey = (key: string, train: DatasetArrays): string =>
  createHash('sha256')
    .update(JSON.stringify([CLASSIFIER_FILE_FORMAT, key, version_core, contentHash(train)]))
    .digest('hex')
    .slice(0, 32);

const toBase64 = (values: readonly number[]): string =>
  Buffer.from(Float32Array.from(values).buffer).toString('base64');

const fromBase64 = (text: string, size: number): number[] | undefined => {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength !== size * 4) return undefined;
  const floats = new Float32Array(size);
  new Uint8Array(floats.buffer).set(bytes);
  return Array.from(floats);
};

const parse = (text: string, key: string): SavedClassifier | undefined => {
  const f = JSON.parse(text) as ClassifierFile;
  if (f.format !== CLASSIFIER_FILE_FORMAT || f.key !== key || typeof f.weights !== 'object')
    return undefined;
  const weights: SavedClassifier['weights'] = {};
  for (const [name, w] of Object.entries(f.weights)) {
    const size = w.shape.reduce((a, b) => a * b, 1);
    const values = fromBase64(w.float32, size);
    if (!values) return undefined;
    weights[name] = { shape: w.shape, values };
  }
  return {
    config: f.config,
    pixels: f.pixels,
    classes: f.classes,
    testAccuracy: f.testAccuracy,
    weights,
  };
};

export const diskFeatureClassifierStore = (
  dir = featureClassifierDir(),
): FeatureClassifierStore => ({
  load: (key, train) => {
    try {
      return parse(readFileSync(path.join(dir, `${fileKey(key, train)}.json`), 'utf8'), key);
    } catch {
      return undefined;
    }
  },
  save: (key, train, c) => {
    const file: ClassifierFile = {
      format: CLASSIFIER_FILE_FORMAT,
      key,
      config: c.config,
      pixels: c.pixels,
      classes: c.classes,
      testAccuracy: c.testAccuracy,
      weights: Object.fromEntries(
        Object.entries(c.weights).map(([k, w]) => [
          k,
          { shape: w.shape, float32: toBase64(w.values) },
        ]),
      ),
    };
    const target = path.join(dir, `${fileKey(key, train)}.json`);
    const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(temp, JSON.stringify(file));
      renameSync(temp, target);
    } catch {
      // A cache: a run whose classifier cannot be saved trains it again next time.
    }
  },
});
