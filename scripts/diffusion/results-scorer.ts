// Scores generated images for scripts/results-diffusion.ts with the studio's own metric code
// (nodes/metric/frechet-distance): the same feature classifier the Fréchet node trains (default
// config, trained on the template's dataset), Gaussians fitted to its 64-d features, and the
// classifier's argmax for the share of samples that land on their prompted class.
// n images of h x w x c pixels in [0, 1]; d feature dim.
import type * as tfjs from '@tensorflow/tfjs';
import type { DataProvider, DatasetArrays } from '../../core/node-contract/node-definition';
import {
  DEFAULT_CLASSIFIER,
  type ClassifierConfig,
  type FeatureClassifier,
} from '../../nodes/metric/frechet-distance/feature-classifier';
import {
  cachedFeatureClassifier,
  datasetFeatures,
  heldOutRows,
} from '../../nodes/metric/frechet-distance/frechet-distance.layer';
import {
  featureStats,
  frechetDistance,
  type FeatureStats,
} from '../../nodes/metric/frechet-distance/frechet';

export interface Score {
  /** Fréchet distance to the first n held-out test images. */
  fd: number;
  /** Fraction of samples the classifier assigns to their prompted class. */
  share: number;
  n: number;
}

export interface Scorer {
  classifier: FeatureClassifier;
  test: DatasetArrays;
  /** The real-vs-real floor at n: the next n held-out images against the first n. */
  floor(n: number): number;
  /** `labels[i]` is the class sample i was prompted with. */
  score(images: Float32Array, n: number, labels: readonly number[]): Score;
}

export const createScorer = async (
  tf: typeof tfjs,
  data: DataProvider,
  dataset: string,
  /** The Fréchet node's classifier by default (what the studio's metric uses). */
  config: ClassifierConfig = DEFAULT_CLASSIFIER,
): Promise<Scorer> => {
  const train = await data.load(dataset, 'train');
  const test = await data.load(dataset, 'test');
  const classifier = cachedFeatureClassifier(tf, train, test, config);
  const d = classifier.config.featureDim;
  const rows = heldOutRows(test, config.seed);
  const real = new Map<number, FeatureStats>();
  const realStats = (n: number, from = 0): FeatureStats => {
    const key = from * 100000 + n;
    let s = real.get(key);
    if (!s) {
      s = featureStats(datasetFeatures(tf, classifier, test, rows.slice(from, from + n)), n, d);
      real.set(key, s);
    }
    return s;
  };
  return {
    classifier,
    test,
    floor: (n) => (test.count >= 2 * n ? frechetDistance(realStats(n, n), realStats(n)) : NaN),
    score: (images, n, labels) => {
      const shape: [number, number, number, number] = [n, test.height, test.width, test.channels];
      const { feats, pred } = tf.tidy(() => {
        const x = tf.tensor4d(images, shape);
        return {
          feats: classifier.features(x).dataSync() as Float32Array,
          pred: tf.argMax(classifier.logits(x), 1).dataSync() as Int32Array,
        };
      });
      const hits = labels.filter((l, i) => pred[i] === l).length;
      return { fd: frechetDistance(featureStats(feats, n, d), realStats(n)), share: hits / n, n };
    },
  };
};
