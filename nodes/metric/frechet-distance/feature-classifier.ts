// The feature network behind the Fréchet distance: a small MLP classifier trained on the same
// dataset, standing in for Inception-v3 (which cannot be downloaded here). Its penultimate layer
// (after ReLU) is the feature space, as FID uses Inception's pool3 features (Heusel et al. 2017).
// How it is trained, reproducibly: weights Glorot-uniform from tf's seeded initialisers (seed,
// seed+1, seed+2); minibatches drawn without replacement in an order shuffled by a mulberry32
// generator seeded with `seed`; Adam (Kingma & Ba 2015) on softmax cross-entropy.
// n images, p = h*w*c pixels, u hidden units, d feature dim, k classes.
import type {
  DatasetArrays,
  TF,
  Tensor,
  Variable,
} from '../../../core/node-contract/node-definition';
import { mulberry32 } from '../../shared/seeded-random';

export interface ClassifierConfig {
  hidden: number;
  featureDim: number;
  steps: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export const DEFAULT_CLASSIFIER: ClassifierConfig = {
  hidden: 256,
  featureDim: 64,
  steps: 800,
  batchSize: 64,
  learningRate: 1e-3,
  seed: 1234,
};

export interface SavedClassifier {
  config: ClassifierConfig;
  pixels: number;
  classes: number;
  testAccuracy: number;
  weights: Record<string, { shape: number[]; values: number[] }>;
}

export interface FeatureClassifier {
  config: ClassifierConfig;
  pixels: number;
  classes: number;
  weights: Record<string, Variable>;
  /** Accuracy on the test split after training. */
  testAccuracy: number;
  /** Images (B x H x W x C in [0, 1]) to B x d features. */
  features(images: Tensor): Tensor;
  logits(images: Tensor): Tensor;
  save(): SavedClassifier;
  dispose(): void;
}

const wrap = (
  tf: TF,
  config: ClassifierConfig,
  pixels: number,
  classes: number,
  weights: Record<string, Variable>,
  testAccuracy: number,
): FeatureClassifier => {
  const w = (n: string): Variable => {
    const v = weights[n];
    if (!v) throw new Error(`feature classifier: missing weight ${n}`);
    return v;
  };
  const features = (images: Tensor): Tensor => {
    const x = tf.reshape(images, [images.shape[0] ?? -1, pixels]);
    const h = tf.relu(tf.add(tf.matMul(x, w('w1')), w('b1')));
    return tf.relu(tf.add(tf.matMul(h, w('w2')), w('b2')));
  };
  const logits = (images: Tensor): Tensor => tf.add(tf.matMul(features(images), w('w3')), w('b3'));
  return {
    config,
    pixels,
    classes,
    weights,
    testAccuracy,
    features,
    logits,
    save: () => ({
      config,
      pixels,
      classes,
      testAccuracy,
      weights: Object.fromEntries(
        Object.entries(weights).map(([k, v]) => [
          k,
          { shape: v.shape, values: Array.from(v.dataSync()) },
        ]),
      ),
    }),
    dispose: () => Object.values(weights).forEach((v) => v.dispose()),
  };
};

export const loadFeatureClassifier = (tf: TF, saved: SavedClassifier): FeatureClassifier => {
  const weights = Object.fromEntries(
    Object.entries(saved.weights).map(([k, v]) => [
      k,
      tf.tidy(() => tf.variable(tf.tensor(v.values, v.shape), false)),
    ]),
  );
  return wrap(tf, saved.config, saved.pixels, saved.classes, weights, saved.testAccuracy);
};

/** Rows [from, from + n) of a dataset's images as a B x H x W x C tensor. */
export const imageBatch = (tf: TF, data: DatasetArrays, rows: readonly number[]): Tensor => {
  const p = data.height * data.width * data.channels;
  const buf = new Float32Array(rows.length * p);
  rows.forEach((r, i) => buf.set(data.images.subarray(r * p, (r + 1) * p), i * p));
  return tf.tensor4d(buf, [rows.length, data.height, data.width, data.channels]);
};

const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);

/** 0..count-1 in an order shuffled by mulberry32(seed) (Fisher-Yates): datasets may be sorted by class. */
export const shuffledRows = (count: number, seed: number): number[] => {
  const rand = mulberry32(seed);
  const rows = range(0, count);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [rows[i], rows[j]] = [rows[j] ?? 0, rows[i] ?? 0];
  }
  return rows;
};

/** Fraction of test images classified correctly (in chunks of 500). */
export const classifierAccuracy = (
  tf: TF,
  c: FeatureClassifier,
  test: DatasetArrays,
  limit = test.count,
): number => {
  let right = 0;
  const n = Math.min(limit, test.count);
  for (let from = 0; from < n; from += 500) {
    const rows = range(from, Math.min(500, n - from));
    const pred = tf.tidy(() => tf.argMax(c.logits(imageBatch(tf, test, rows)), 1).dataSync());
    rows.forEach((r, i) => (right += pred[i] === test.labels[r] ? 1 : 0));
  }
  return right / n;
};

export const trainFeatureClassifier = (
  tf: TF,
  train: DatasetArrays,
  test: DatasetArrays,
  config: ClassifierConfig = DEFAULT_CLASSIFIER,
): FeatureClassifier => {
  const pixels = train.height * train.width * train.channels;
  const classes = train.classes;
  const { hidden, featureDim, seed } = config;
  const glorot = (shape: number[], s: number): Variable =>
    tf.tidy(() => {
      const a = Math.sqrt(6 / ((shape[0] ?? 1) + (shape[1] ?? 1)));
      return tf.variable(tf.randomUniform(shape, -a, a, 'float32', s), true);
    });
  const zeros = (n: number): Variable => tf.tidy(() => tf.variable(tf.zeros([n]), true));
  const weights = {
    w1: glorot([pixels, hidden], seed),
    b1: zeros(hidden),
    w2: glorot([hidden, featureDim], seed + 1),
    b2: zeros(featureDim),
    w3: glorot([featureDim, classes], seed + 2),
    b3: zeros(classes),
  };
  const c = wrap(tf, config, pixels, classes, weights, NaN);
  const rand = mulberry32(seed);
  const order = range(0, train.count);
  let pos = train.count;
  const optimizer = tf.train.adam(config.learningRate);
  for (let step = 0; step < config.steps; step++) {
    if (pos + config.batchSize > train.count) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
      }
      pos = 0;
    }
    const rows = order.slice(pos, pos + config.batchSize);
    pos += config.batchSize;
    tf.tidy(() => {
      const x = imageBatch(tf, train, rows);
      const y = tf.oneHot(
        tf.tensor1d(
          rows.map((r) => train.labels[r] ?? 0),
          'int32',
        ),
        classes,
      );
      optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(y, c.logits(x)) as tf_Scalar,
        false,
        Object.values(weights),
      );
    });
  }
  optimizer.dispose();
  for (const v of Object.values(weights)) v.trainable = false;
  return wrap(tf, config, pixels, classes, weights, classifierAccuracy(tf, c, test));
};

type tf_Scalar = ReturnType<TF['scalar']>;
