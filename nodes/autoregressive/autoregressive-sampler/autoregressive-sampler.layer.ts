// Exact ancestral sampling from an autoregressive model of binary images, one pixel at a time.
// b samples, h w spatial, c channels (NHWC); d = h*w*c.
// x_{s(1)} ~ p(x_{s(1)}), then x_{s(i)} ~ Bernoulli(sigmoid(logit_{s(i)}(x_{s(<i)}))) for i = 2..d,
// where s is the model's order: each step calls the model on the canvas so far and reads one logit.
import type * as tfjs from '@tensorflow/tfjs';
import type {
  ApplyContext,
  BuildContext,
  ModelHandle,
  NodeLayer,
  TF,
} from '../../../core/node-contract/node-definition';
import type { AutoregressiveSamplerParams } from './autoregressive-sampler.params';

/** The image shape [h, w, c] the handle takes on its input port, from the build-time type. */
export const handleImageShape = (
  ctx: BuildContext,
  inputName: string,
): [number, number, number] => {
  const m = ctx.inputs.model;
  const t = m && m.kind === 'model' ? m.inputs[inputName] : undefined;
  const [, h, w, c] = t?.shape ?? [];
  if (typeof h !== 'number' || typeof w !== 'number' || typeof c !== 'number')
    throw new Error(
      `Autoregressive sampler ${ctx.nodeId}: the model's input '${inputName}' must be B x H x W x C with known H, W, C.`,
    );
  return [h, w, c];
};

/** Pixels sorted by their position in the order (order[p] = position of pixel p). */
export const sequenceFromOrder = (order: ArrayLike<number> | undefined, d: number): number[] => {
  const seq = Array.from({ length: d }, (_, i) => i);
  if (!order || order.length !== d) return seq;
  return seq.sort((a, b) => (order[a] as number) - (order[b] as number));
};

/** Draws `count` images from the handle. Runs each model call in its own tf.tidy. */
export const sampleAutoregressive = (
  tf: TF,
  handle: ModelHandle,
  shape: [number, number, number],
  count: number,
  names: { input: string; output: string; order: string },
  ctx: ApplyContext,
): tfjs.Tensor4D => {
  const [h, w, c] = shape;
  const d = h * w * c;
  const canvas = new Float32Array(count * d);
  const callCtx: ApplyContext = { ...ctx, training: false, batchSize: count };
  const call = (): Record<string, tfjs.Tensor> =>
    handle.call({ [names.input]: tf.tensor4d(canvas, [count, h, w, c]) }, callCtx);
  let order: ArrayLike<number> | undefined;
  tf.tidy(() => {
    order = call()[names.order]?.dataSync();
  });
  for (const p of sequenceFromOrder(order, d)) {
    let probs: ArrayLike<number> = [];
    tf.tidy(() => {
      const logits = call()[names.output];
      if (!logits)
        throw new Error(`Autoregressive sampler: the model has no output '${names.output}'.`);
      probs = tf.sigmoid(tf.slice(tf.reshape(logits, [count, d]), [0, p], [count, 1])).dataSync();
    });
    for (let b = 0; b < count; b++)
      canvas[b * d + p] = ctx.rng.next() < (probs[b] as number) ? 1 : 0;
  }
  return tf.tensor4d(canvas, [count, h, w, c]);
};

export const createAutoregressiveSamplerLayer = (
  tf: TF,
  params: AutoregressiveSamplerParams,
  ctx: BuildContext,
): NodeLayer => {
  const shape = handleImageShape(ctx, params.inputName);
  return {
    weights: {},
    apply(_inputs, actx) {
      const handle = actx.handles.model;
      if (!handle)
        throw new Error(
          `Autoregressive sampler ${ctx.nodeId}: no model handle on the 'model' port.`,
        );
      const names = { input: params.inputName, output: params.outputName, order: params.orderName };
      return { samples: sampleAutoregressive(tf, handle, shape, params.count, names, actx) };
    },
  };
};
