// metric/frame-map at run time: softmax of the logits, then the per-frame mAP of the batch and
// its prediction strip. Not differentiable (read back to JS).
// b batch (frames), k classes.
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';
import { frameMeanAp } from './frame-map';
import { frameStrip } from './frame-strip';

export interface FrameMapParams {
  background: number;
}

export const createFrameMapLayer = (
  tf: TF,
  params: FrameMapParams,
  _ctx?: BuildContext,
): NodeLayer => ({
  weights: {},
  apply: (inputs) => {
    const logits = inputs.logits;
    const label = inputs.label;
    if (!logits || !label) throw new Error('metric/frame-map needs logits and label.');
    const k = logits.shape[1] ?? 1;
    const probs = tf.softmax(logits).dataSync();
    const labels = label.dataSync();
    const strip = frameStrip(probs, labels, k);
    return {
      map: tf.scalar(frameMeanAp(probs, labels, k, params.background).map),
      strip: tf.tensor4d(strip.data, [1, strip.height, strip.width, 3]),
    };
  },
});
