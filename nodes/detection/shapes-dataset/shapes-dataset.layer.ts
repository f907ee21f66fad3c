// Batches of procedural detection scenes: image [B, S, S, 3] in [0, 1], boxes [B, M, 4], labels
// [B, M] int32 and mask [B, M] (1 = object, 0 = padding) with M = maxObjects. Padded slots have
// label = classes (the no-object class) and box 0. Image indices are drawn with the trainer's RNG
// from the split's trainImages / testImages scenes, each redrawn from its own seed.
import type { NodeLayer, TF } from '../../../core/node-contract/node-definition';
import type { BoxFormat } from '../shared/box-ops';
import { drawScene, type SceneOptions } from './shapes-scene';

export interface ShapesDatasetParams {
  size: number;
  minObjects: number;
  maxObjects: number;
  classes: number;
  minSide: number;
  maxSide: number;
  trainImages: number;
  testImages: number;
  seed: number;
  boxFormat: string;
}

export const sceneOptions = (p: ShapesDatasetParams): SceneOptions => ({
  size: p.size,
  minObjects: p.minObjects,
  maxObjects: p.maxObjects,
  classes: p.classes,
  minSide: p.minSide,
  maxSide: p.maxSide,
  seed: p.seed,
  boxFormat: p.boxFormat as BoxFormat,
});

export const createShapesDatasetLayer = (tf: TF, params: ShapesDatasetParams): NodeLayer => {
  const o = sceneOptions(params);
  const m = params.maxObjects;
  const s = params.size;
  return {
    weights: {},
    apply: (_inputs, ctx) => {
      const b = ctx.batchSize;
      const count = ctx.split === 'train' ? params.trainImages : params.testImages;
      const images = new Float32Array(b * s * s * 3);
      const boxes = new Float32Array(b * m * 4);
      const labels = new Int32Array(b * m).fill(params.classes);
      const mask = new Float32Array(b * m);
      for (let i = 0; i < b; i++) {
        const scene = drawScene(o, ctx.split, ctx.rng.int(count));
        images.set(scene.image, i * s * s * 3);
        scene.objects.forEach((ob, k) => {
          boxes.set(ob.box, (i * m + k) * 4);
          labels[i * m + k] = ob.label;
          mask[i * m + k] = 1;
        });
      }
      return {
        image: tf.tensor4d(images, [b, s, s, 3]),
        boxes: tf.tensor3d(boxes, [b, m, 4]),
        labels: tf.tensor2d(labels, [b, m], 'int32'),
        mask: tf.tensor2d(mask, [b, m]),
      };
    },
  };
};
