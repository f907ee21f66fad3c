import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetArrays } from '../../../core/node-contract/node-definition';
import {
  DEFAULT_CLASSIFIER,
  imageBatch,
  loadFeatureClassifier,
} from '../../../nodes/metric/frechet-distance/feature-classifier';
import {
  cachedFeatureClassifier,
  setFeatureClassifierStore,
} from '../../../nodes/metric/frechet-distance/frechet-distance.layer';
import { initBackend } from '../backend/select-backend';
import { createDataProvider } from '../data/data-provider';
import { diskFeatureClassifierStore } from './feature-classifier-disk';

let train: DatasetArrays;
let test: DatasetArrays;
beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  const data = createDataProvider();
  train = await data.load('mnist', 'train');
  test = await data.load('mnist', 'test');
});
afterEach(() => setFeatureClassifierStore(undefined));

// A config no other test trains (the in-process cache is keyed by it): 20 steps, seed 4242.
const config = { ...DEFAULT_CLASSIFIER, steps: 20, featureDim: 8, seed: 4242 };

describe('the feature classifiers on disk', () => {
  it('saves the classifier a run trains, and loads it back exactly', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fid-'));
    const store = diskFeatureClassifierStore(dir);
    setFeatureClassifierStore(store);
    const trained = cachedFeatureClassifier(tf, train, test, config);
    expect(readdirSync(dir).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    const key = JSON.stringify([train.name, train.count, config, tf.getBackend()]);
    const saved = store.load(key, train);
    expect(saved).toBeDefined();
    expect(saved!.testAccuracy).toBe(trained.testAccuracy);
    const loaded = loadFeatureClassifier(tf, saved!);
    const rows = [0, 1, 2, 3, 4];
    const a = tf.tidy(() => Array.from(trained.features(imageBatch(tf, test, rows)).dataSync()));
    const b = tf.tidy(() => Array.from(loaded.features(imageBatch(tf, test, rows)).dataSync()));
    expect(b).toEqual(a);
    expect(a.some((v) => v !== 0)).toBe(true);
    loaded.dispose();
  });

  it('misses for another dataset content, another key, or a damaged file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fid-'));
    const store = diskFeatureClassifierStore(dir);
    const saved = cachedFeatureClassifier(tf, train, test, config).save();
    store.save('k', train, saved);
    expect(store.load('k', train)?.weights['w1']?.values).toEqual(saved.weights['w1']?.values);
    expect(store.load('other', train)).toBeUndefined();
    const changed = { ...train, images: train.images.slice() };
    changed.images[0] = 0.5;
    expect(store.load('k', changed)).toBeUndefined();
    const [file] = readdirSync(dir);
    writeFileSync(
      path.join(dir, file!),
      '{"format": 1, "key": "k", "weights": {"w1": {"shape": [2], "float32": "AAAA"}}}',
    );
    expect(store.load('k', train)).toBeUndefined();
    writeFileSync(path.join(dir, file!), 'not json');
    expect(store.load('k', train)).toBeUndefined();
  });
});
