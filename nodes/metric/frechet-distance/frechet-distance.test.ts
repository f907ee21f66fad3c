// The Fréchet metric end to end on MNIST: the classifier learns (test accuracy), real-vs-real is
// the floor, and noise or blurred digits score far worse.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tensorType } from '../../../core/shapes/tensor-type';
import { inferWith, seededRng } from '../../gan/shared/test-context';
import {
  cachedFeatureClassifier,
  classifierConfigOf,
  createFrechetDistanceLayer,
  datasetFeatures,
  heldOutRows,
} from './frechet-distance.layer';
import { frechetDistanceNode } from './frechet-distance.node';
import { featureStats, frechetDistance } from './frechet';
import {
  DEFAULT_CLASSIFIER,
  imageBatch,
  loadFeatureClassifier,
  trainFeatureClassifier,
} from './feature-classifier';
import { createDataProvider } from '../../../main/engine/data/data-provider';

const data = createDataProvider();

import { initBackend } from '../../../main/engine/backend/select-backend';

// wasm with Tessera's kernels: the 784-256-16-10 MLP's 300 steps take ~70 s on the cpu backend.
beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

const params = {
  dataset: 'mnist',
  samples: 400,
  latentDim: 0,
  latentSeed: 99,
  every: 1,
  inputRange: '0..1',
  classifierSteps: 300,
  featureDim: 16,
  seed: 1234,
};

describe('metric/frechet-distance', () => {
  it('trains a seeded classifier; real-vs-real is the floor, noise and blur score far worse', async () => {
    const train = await data.load('mnist', 'train');
    const test = await data.load('mnist', 'test');
    const c = cachedFeatureClassifier(tf, train, test, classifierConfigOf(params));
    expect(c.testAccuracy).toBeGreaterThan(0.8);
    const d = params.featureDim;
    const rows = heldOutRows(test, params.seed);
    const statsOf = (r: number[]) => featureStats(datasetFeatures(tf, c, test, r), r.length, d);
    const a = statsOf(rows.slice(0, 400));
    const floor = frechetDistance(statsOf(rows.slice(400, 800)), a);
    const trainStats = featureStats(
      datasetFeatures(tf, c, train, heldOutRows(train, 1).slice(0, 400)),
      400,
      d,
    );
    const noise = tf.tidy(() =>
      c.features(tf.randomUniform([400, 28, 28, 1], 0, 1, 'float32', 3)).dataSync(),
    );
    const blurred = tf.tidy(() => {
      const x = imageBatch(tf, test, rows.slice(400, 800));
      return c.features(tf.avgPool(x as tf.Tensor4D, 5, 1, 'same')).dataSync();
    });
    const noiseFd = frechetDistance(featureStats(noise, 400, d), a);
    const blurFd = frechetDistance(featureStats(blurred, 400, d), a);
    expect(floor).toBeGreaterThan(0);
    expect(frechetDistance(trainStats, a)).toBeLessThan(3 * floor);
    expect(blurFd).toBeGreaterThan(3 * floor);
    expect(noiseFd).toBeGreaterThan(10 * floor);
    expect(noiseFd).toBeGreaterThan(blurFd);
    console.log(
      `Fréchet (16-d features, 400 vs 400): real-vs-real ${floor.toFixed(2)}, train-vs-test ${frechetDistance(trainStats, a).toFixed(2)}, blurred ${blurFd.toFixed(2)}, noise ${noiseFd.toFixed(2)}; classifier test accuracy ${c.testAccuracy.toFixed(3)}`,
    );
  });

  it('as a node: pools recent samples and reports the distance as a scalar; same seed, same feature space', async () => {
    const ctx = {
      nodeId: 'fd',
      inputs: { samples: tensorType('float32', ['B', 28, 28, 1]) },
      outputs: {},
      seed: 1,
      data,
    };
    const layer = await createFrechetDistanceLayer(tf, params, ctx);
    const actx = {
      training: false,
      step: 0,
      batchSize: 200,
      split: 'train' as const,
      rng: seededRng(1),
      handles: {},
    };
    const test = await data.load('mnist', 'test');
    const realRows = heldOutRows(test, params.seed).slice(400, 800);
    layer.apply({ samples: imageBatch(tf, test, realRows.slice(0, 200)) }, actx);
    const real = layer.apply(
      { samples: imageBatch(tf, test, realRows.slice(200)) },
      { ...actx, step: 1 },
    ).distance!;
    expect(real.shape).toEqual([]);
    const noisy = await createFrechetDistanceLayer(tf, params, ctx);
    noisy.apply({ samples: tf.randomUniform([200, 28, 28, 1], 0, 1, 'float32', 1) }, actx);
    const n = noisy.apply(
      { samples: tf.randomUniform([200, 28, 28, 1], 0, 1, 'float32', 2) },
      { ...actx, step: 1 },
    ).distance!;
    expect(n.dataSync()[0]!).toBeGreaterThan(10 * real.dataSync()[0]!);
    const preview = layer.preview?.() as { classifierTestAccuracy: number; history: unknown[] };
    expect(preview.classifierTestAccuracy).toBeGreaterThan(0.8);
    expect(preview.history.length).toBe(2);
  });

  it('with a generator handle: scores fixed latent vectors; a generator of real digits scores near the floor', async () => {
    const test = await data.load('mnist', 'test');
    const rows = heldOutRows(test, params.seed).slice(400, 800);
    const gType = {
      kind: 'model',
      moduleId: 'generator',
      inputs: { z: tensorType('float32', ['B', 8]) },
      outputs: { image: tensorType('float32', ['B', 28, 28, 1]) },
    } as const;
    const ctx = { nodeId: 'fd', inputs: { generator: gType }, outputs: {}, seed: 1, data };
    const layer = await createFrechetDistanceLayer(tf, params, ctx);
    const zs: number[][] = [];
    let offset = 0;
    const realGen = {
      moduleId: 'generator',
      call: (inputs: Record<string, tf.Tensor>) => {
        const z = inputs['z']!;
        zs.push([...z.shape]);
        const m = z.shape[0]!;
        const out = imageBatch(tf, test, rows.slice(offset % 400, (offset % 400) + m));
        offset += m;
        return { image: out };
      },
    };
    const actx = {
      training: true,
      step: 0,
      batchSize: 32,
      split: 'train' as const,
      rng: seededRng(1),
      handles: { generator: realGen },
    };
    const dReal = layer.apply({}, actx).distance!.dataSync()[0]!;
    expect(zs).toEqual([
      [250, 8],
      [150, 8],
    ]);
    const noiseGen = {
      moduleId: 'generator',
      call: (inputs: Record<string, tf.Tensor>) => ({
        image: tf.randomUniform([inputs['z']!.shape[0]!, 28, 28, 1], 0, 1, 'float32', 4),
      }),
    };
    const dNoise = layer
      .apply({}, { ...actx, step: 10, handles: { generator: noiseGen } })
      .distance!.dataSync()[0]!;
    const preview = layer.preview?.() as {
      realVsRealFloor: number;
      history: { step: number; distance: number }[];
    };
    expect(dReal).toBeCloseTo(preview.realVsRealFloor, 6); // the same 400 held-out images as the floor
    expect(dNoise).toBeGreaterThan(10 * dReal);
    expect(preview.history.map((h) => h.step)).toEqual([0, 10]);
  });

  it('the classifier is reproducible from its seed, and saves and loads exactly', async () => {
    const train = await data.load('mnist', 'train');
    const test = await data.load('mnist', 'test');
    const config = { ...DEFAULT_CLASSIFIER, hidden: 32, featureDim: 8, steps: 30 };
    const a = trainFeatureClassifier(tf, train, test, config);
    const b = trainFeatureClassifier(tf, train, test, config);
    const c = trainFeatureClassifier(tf, train, test, { ...config, seed: config.seed + 1 });
    const x = imageBatch(tf, test, [0, 1, 2, 3]);
    const fa = Array.from(a.features(x).dataSync());
    expect(Array.from(b.features(x).dataSync())).toEqual(fa);
    expect(Array.from(c.features(x).dataSync())).not.toEqual(fa);
    const loaded = loadFeatureClassifier(tf, JSON.parse(JSON.stringify(a.save())));
    expect(Array.from(loaded.features(x).dataSync())).toEqual(fa);
    expect(loaded.testAccuracy).toBe(a.testAccuracy);
    for (const m of [a, b, c, loaded]) m.dispose();
  });

  it('reports unknown datasets and mismatched sizes as diagnostics', () => {
    const env = {
      datasets: { mnist: { available: true, height: 28, width: 28, channels: 1, classes: 10 } },
    };
    const r = frechetDistanceNode.inferShapes({
      nodeId: 'fd',
      params: params as never,
      inputs: { samples: tensorType('float32', ['B', 32, 32, 1]) },
      env,
    });
    expect(r.diagnostics[0]?.message).toContain('28 x 28 x 1');
    const u = inferWith(
      frechetDistanceNode,
      { ...params, dataset: 'cifar' },
      { samples: tensorType('float32', ['B', 28, 28, 1]) },
    );
    expect(u.diagnostics[0]?.message).toContain('Unknown dataset cifar');
  });
});
