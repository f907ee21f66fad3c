// metric/frechet-distance runtime: trains (or reuses, per process) the feature classifier, fits a
// Gaussian to the features of `samples` real test images, and compares it with a Gaussian fitted
// to the features of the most recent generated samples.
// b batch, h w spatial, c channels (NHWC); d feature dim.
import type {
  BuildContext,
  DatasetArrays,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';
import {
  DEFAULT_CLASSIFIER,
  imageBatch,
  loadFeatureClassifier,
  shuffledRows,
  trainFeatureClassifier,
  type ClassifierConfig,
  type FeatureClassifier,
  type SavedClassifier,
} from './feature-classifier';
import { featureStats, frechetDistance, type FeatureStats } from './frechet';
import type { FrechetDistanceParams } from './frechet-distance.params';

/**
 * Classifiers trained in this process, by dataset, config and backend: each trains once (~20 s on
 * wasm for the default 800 steps). Nodes do no I/O, so a cache on disk belongs to the engine
 * (setFeatureClassifierStore): FeatureClassifier.save() gives JSON that loadFeatureClassifier()
 * restores exactly.
 */
const cache = new Map<string, FeatureClassifier>();

/**
 * Where trained classifiers outlive the process: the engine sets one on disk (its key names the
 * dataset's contents too); nodes do no I/O themselves. A miss trains and saves.
 */
export interface FeatureClassifierStore {
  load(key: string, train: DatasetArrays): SavedClassifier | undefined;
  save(key: string, train: DatasetArrays, classifier: SavedClassifier): void;
}

let store: FeatureClassifierStore | undefined;

/** Sets (or, with undefined, removes) the store behind cachedFeatureClassifier. */
export const setFeatureClassifierStore = (s: FeatureClassifierStore | undefined): void => {
  store = s;
};

export const classifierConfigOf = (p: FrechetDistanceParams): ClassifierConfig => ({
  ...DEFAULT_CLASSIFIER,
  steps: p.classifierSteps,
  featureDim: p.featureDim,
  seed: p.seed,
});

export const cachedFeatureClassifier = (
  tf: TF,
  train: DatasetArrays,
  test: DatasetArrays,
  config: ClassifierConfig,
): FeatureClassifier => {
  const key = JSON.stringify([train.name, train.count, config, tf.getBackend()]);
  let c = cache.get(key);
  if (!c) {
    const saved = store?.load(key, train);
    c = saved ? loadFeatureClassifier(tf, saved) : trainFeatureClassifier(tf, train, test, config);
    if (!saved) store?.save(key, train, c.save());
    cache.set(key, c);
  }
  return c;
};

/** Features of the given dataset rows as a float array n x d. */
export const datasetFeatures = (
  tf: TF,
  c: FeatureClassifier,
  data: DatasetArrays,
  rows: readonly number[],
): Float32Array => {
  const out = new Float32Array(rows.length * c.config.featureDim);
  for (let s = 0; s < rows.length; s += 500) {
    const chunk = rows.slice(s, s + 500);
    out.set(
      tf.tidy(() => c.features(imageBatch(tf, data, chunk)).dataSync()),
      s * c.config.featureDim,
    );
  }
  return out;
};

/**
 * The real held-out images a metric compares with: the first n of the test split shuffled with
 * the classifier's seed (the split may be sorted by class). The next n give the real-vs-real floor.
 */
export const heldOutRows = (test: DatasetArrays, seed: number): number[] =>
  shuffledRows(test.count, seed + 7);

/** Picks a port: the only key of a model's port record, else the fallback. */
const onlyKey = (keys: readonly string[], fallback: string): string =>
  keys.length === 1 && keys[0] !== undefined ? keys[0] : fallback;

export const createFrechetDistanceLayer = async (
  tf: TF,
  p: FrechetDistanceParams,
  ctx: BuildContext,
): Promise<NodeLayer> => {
  const train = await ctx.data.load(p.dataset, 'train');
  const test = await ctx.data.load(p.dataset, 'test');
  const classifier = cachedFeatureClassifier(tf, train, test, classifierConfigOf(p));
  const d = p.featureDim;
  const n = Math.min(p.samples, test.count);
  const rows = heldOutRows(test, p.seed);
  const real: FeatureStats = featureStats(
    datasetFeatures(tf, classifier, test, rows.slice(0, n)),
    n,
    d,
  );
  // The floor: the next n held-out images against the first n (only when the split has 2n).
  const floor =
    test.count >= 2 * n
      ? frechetDistance(
          featureStats(datasetFeatures(tf, classifier, test, rows.slice(n, 2 * n)), n, d),
          real,
        )
      : NaN;
  const history: { step: number; distance: number }[] = [];
  const toUnit = (x: Tensor): Tensor => (p.inputRange === '-1..1' ? tf.div(tf.add(x, 1), 2) : x);

  // Generator mode: score `samples` images from fixed latent vectors at every evaluation.
  const gType = ctx.inputs['generator'];
  if (gType?.kind === 'model') {
    const zPort = onlyKey(Object.keys(gType.inputs), 'z');
    const imagePort = onlyKey(Object.keys(gType.outputs), 'image');
    const zShape = gType.inputs[zPort]?.shape ?? [];
    const zDim = p.latentDim > 0 ? p.latentDim : typeof zShape[1] === 'number' ? zShape[1] : 64;
    const apply: NodeLayer['apply'] = (_inputs, actx) => {
      const g = actx.handles['generator'];
      if (!g) throw new Error('frechet-distance: the generator handle is missing.');
      const feats = new Float32Array(p.samples * d);
      for (let s = 0; s < p.samples; s += 250) {
        const m = Math.min(250, p.samples - s);
        const f = tf.tidy(() => {
          const z = tf.randomNormal([m, zDim], 0, 1, 'float32', p.latentSeed + s);
          const image = g.call({ [zPort]: z }, { ...actx, training: false, batchSize: m })[
            imagePort
          ];
          if (!image)
            throw new Error(`frechet-distance: the generator has no output ${imagePort}.`);
          return classifier.features(toUnit(image)).dataSync();
        });
        feats.set(f, s * d);
      }
      const distance = frechetDistance(featureStats(feats, p.samples, d), real);
      history.push({ step: actx.step, distance });
      return { distance: tf.scalar(distance) };
    };
    return {
      weights: {},
      apply,
      preview: () => ({
        classifierTestAccuracy: classifier.testAccuracy,
        realSamples: n,
        realVsRealFloor: floor,
        history,
      }),
    };
  }

  // Samples mode: a ring of the most recent generated features.
  const ring = new Float32Array(p.samples * d);
  let filled = 0;
  let next = 0;
  let last = NaN;
  const apply: NodeLayer['apply'] = (inputs, actx) => {
    const samples = inputs['samples'];
    if (!samples) throw new Error('frechet-distance: connect samples or a generator.');
    const f = classifier.features(toUnit(samples)).dataSync();
    const b = Math.floor(f.length / d);
    for (let i = 0; i < b; i++) {
      ring.set(f.subarray(i * d, (i + 1) * d), next * d);
      next = (next + 1) % p.samples;
      filled = Math.min(filled + 1, p.samples);
    }
    if (filled >= 2 && (actx.step % p.every === 0 || Number.isNaN(last))) {
      last = frechetDistance(featureStats(ring, filled, d), real);
      history.push({ step: actx.step, distance: last });
    }
    return { distance: tf.scalar(last) };
  };
  return {
    weights: {},
    apply,
    preview: () => ({
      classifierTestAccuracy: classifier.testAccuracy,
      realSamples: n,
      realVsRealFloor: floor,
      history,
    }),
  };
};
