// Params of text/class-captions.
import type { ParamSpecs, ParamsOf } from '../../../core/node-contract/param-spec';
import { captionSetIds } from '../shared/caption-sets';

export const classCaptionsParams = {
  set: {
    kind: 'enum',
    label: 'caption set',
    default: 'fashion-mnist',
    options: captionSetIds,
    doc: "Class names and phrasings: 'fashion-mnist' ('a photo of a sneaker', 'a picture of an ankle boot', ...) or 'mnist' ('the digit seven', 'a handwritten 7', ...), five phrasings per class.",
  },
  phrasing: {
    kind: 'enum',
    default: 'random',
    options: ['random', 'first'],
    doc: "'random' picks one phrasing per example from the run's seeded generator (reproducible; a new pick each time an image is drawn); 'first' always gives the canonical caption of the class.",
  },
  width: {
    kind: 'int',
    label: 'characters',
    default: 48,
    min: 8,
    max: 512,
    doc: 'Characters per caption in the text tensor (S); must hold the longest caption of the set.',
  },
} satisfies ParamSpecs;

export type ClassCaptionsParams = ParamsOf<typeof classCaptionsParams>;
