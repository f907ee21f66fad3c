// Class labels -> caption text: row b holds the code points of one phrasing of label b's class,
// chosen per example from the run's seeded generator ('random') or always the first ('first').
// b batch, s characters per caption.
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';
import { captionSet, isCaptionSetId } from '../shared/caption-sets';
import { encodeTextCodes } from '../shared/text-codes';
import type { ClassCaptionsParams } from './class-captions.params';

export const createClassCaptionsLayer = (
  tf: TF,
  params: ClassCaptionsParams,
  ctx: BuildContext,
): NodeLayer => {
  if (!isCaptionSetId(params.set))
    throw new Error(`Class Captions ${ctx.nodeId}: unknown caption set '${params.set}'.`);
  const classes = captionSet(params.set);
  return {
    weights: {},
    apply: (inputs, actx) => {
      const label = inputs.label;
      if (!label) throw new Error(`Class Captions ${ctx.nodeId} needs labels.`);
      const labels = Array.from(label.dataSync());
      const texts = labels.map((c) => {
        const phrasings = classes[c];
        if (!phrasings)
          throw new Error(
            `Class Captions ${ctx.nodeId}: label ${c} has no caption in the ${params.set} set (classes 0..${classes.length - 1}); pick the caption set of the dataset.`,
          );
        const k = params.phrasing === 'first' ? 0 : actx.rng.int(phrasings.length);
        return phrasings[k] ?? '';
      });
      return {
        text: tf.tensor2d(
          encodeTextCodes(texts, params.width),
          [texts.length, params.width],
          'int32',
        ),
      };
    },
  };
};
