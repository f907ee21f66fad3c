// Shared runtime of the image dataset nodes: loads train and test arrays once through the
// engine's DataProvider, then samples batches with the trainer's seeded RNG.
// b batch, h w spatial (28 x 28), c channels (1).
import type {
  ApplyContext,
  BuildContext,
  DatasetArrays,
  NodeLayer,
  Tensor,
  TF,
} from '../../core/node-contract/node-definition';

export interface ImageDatasetParams {
  binarize: boolean;
  normalize: string;
}

/** B images drawn with replacement by the run's seeded RNG, binarised and/or scaled to -1..1. */
export const drawImageBatch = (
  tf: TF,
  data: DatasetArrays,
  params: ImageDatasetParams,
  actx: ApplyContext,
): { image: Tensor; label: Tensor } => {
  const size = data.height * data.width * data.channels;
  const b = actx.batchSize;
  const images = new Float32Array(b * size);
  const labels = new Int32Array(b);
  for (let i = 0; i < b; i++) {
    const j = actx.rng.int(data.count);
    images.set(data.images.subarray(j * size, (j + 1) * size), i * size);
    labels[i] = data.labels[j] ?? 0;
  }
  for (let i = 0; i < images.length; i++) {
    let v = images[i] ?? 0;
    if (params.binarize) v = v > 0.5 ? 1 : 0;
    images[i] = params.normalize === '-1..1' ? v * 2 - 1 : v;
  }
  return {
    image: tf.tensor4d(images, [b, data.height, data.width, data.channels]),
    label: tf.tensor1d(labels, 'int32'),
  };
};

export const createImageDatasetLayer = async (
  tf: TF,
  name: string,
  params: ImageDatasetParams,
  ctx: BuildContext,
): Promise<NodeLayer> => {
  const splits: Record<'train' | 'test', DatasetArrays> = {
    train: await ctx.data.load(name, 'train'),
    test: await ctx.data.load(name, 'test'),
  };
  return {
    weights: {},
    apply: (_inputs, actx) => drawImageBatch(tf, splits[actx.split], params, actx),
  };
};
