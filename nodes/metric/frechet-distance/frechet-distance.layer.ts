// metric/frechet-distance runtime: trains (or reuses, per process) the feature classifier, fits a
// Gaussian to the features of `samples` real test images, and compares it with a Gaussian fitted
// to the features of the most recent generated samples.
// b batch, h w spatial, c channels (NHWC); d feature dim.
import type { BuildContext, DatasetArrays, NodeLayer, TF, Tensor } from '../../../core/node-contract/node-definition';
import { DEFAULT_CLASSIFIER, imageBatch, shuffledRows, trainFeatureClassifier, type ClassifierConfig, type FeatureClassifier } from './feature-classifier';
import { featureStats, frechetDistance, type FeatureStats } from './frechet';
import type { FrechetDistanceParams } from './frechet-distance.params';

/** Classifiers trained in this process, by dataset, config and backend: each trains once. */
const cache = new Map<string, FeatureClassifier>();

export const classifierConfigOf = (p: FrechetDistanceParams): ClassifierConfig => ({
  ...DEFAULT_CLASSIFIER,
  steps: p.classifierSteps,
  featureDim: p.featureDim,
  seed: p.seed,
});

export const cachedFeatureClassifier = (tf: TF, train: DatasetArrays, test: DatasetArrays, config: ClassifierConfig): FeatureClassifier => {
  const key = JSON.stringify([train.name, train.count, config, tf.getBackend()]);
  let c = cache.get(key);
  if (!c) {
    c = trainFeatureClassifier(tf, train, test, config);
    cache.set(key, c);
  }
  return c;
};

/** Features of the given dataset rows as a float array n x d. */
export const datasetFeatures = (tf: TF, c: FeatureClassifier, data: DatasetArrays, rows: readonly number[]): Float32Array => {
  const out = new Float32Array(rows.length * c.config.featureDim);
  for (let s = 0; s < rows.length; s += 500) {
    const chunk = rows.slice(s, s + 500);
    out.set(tf.tidy(() => c.features(imageBatch(tf, data, chunk)).dataSync()), s * c.config.featureDim);
  }
  return out;
};

/**
 * The real held-out images a metric compares with: the first n of the test split shuffled with
 * the classifier's seed (the split may be sorted by class). The next n give the real-vs-real floor.
 */
export const heldOutRows = (test: DatasetArrays, seed: number): number[] => shuffledRows(test.count, seed + 7);

export const createFrechetDistanceLayer = async (tf: TF, p: FrechetDistanceParams, ctx: BuildContext): Promise<NodeLayer> => {
  const train = await ctx.data.load(p.dataset, 'train');
  const test = await ctx.data.load(p.dataset, 'test');
  const classifier = cachedFeatureClassifier(tf, train, test, classifierConfigOf(p));
  const d = p.featureDim;
  const nReal = Math.min(p.samples, test.count);
  const real: FeatureStats = featureStats(datasetFeatures(tf, classifier, test, heldOutRows(test, p.seed).slice(0, nReal)), nReal, d);
  // A ring of the most recent generated features.
  const ring = new Float32Array(p.samples * d);
  let filled = 0;
  let next = 0;
  let last = NaN;
  const history: { step: number; distance: number }[] = [];

  const apply: NodeLayer['apply'] = (inputs, actx) => {
    const samples = inputs['samples'];
    if (!samples) throw new Error('frechet-distance: input samples is not connected.');
    const x: Tensor = p.inputRange === '-1..1' ? tf.div(tf.add(samples, 1), 2) : samples;
    const f = classifier.features(x).dataSync();
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
    preview: () => ({ classifierTestAccuracy: classifier.testAccuracy, realSamples: nReal, history }),
  };
};
