// text/class-captions: class labels -> caption text (int32 code points), several phrasings per class.
// b batch; s characters per caption.
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { weightlessCost } from '../../../core/node-contract/cost';
import { formatShape, tensorType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { captionSet, isCaptionSetId } from '../shared/caption-sets';
import { textLength } from '../shared/text-codes';
import { classCaptionsParams } from './class-captions.params';
import { createClassCaptionsLayer } from './class-captions.layer';

export const classCaptionsNode = defineNode({
  id: 'text/class-captions',
  version: 1,
  title: 'Class Captions',
  category: 'data',
  role: 'layer',
  doc:
    'Turns class labels into captions, so that a dataset of labelled images trains a text-conditioned model: ' +
    "Fashion-MNIST's classes as 'a photo of a sneaker', 'a picture of an ankle boot', 'an image of a coat', ... " +
    "or MNIST's digits as 'the digit seven', 'a handwritten 7', ..., five phrasings per class, one picked per " +
    "example from the run's seeded generator. The text travels as int32 code points [B, S] (0 after the end); " +
    'a Tokenizer turns it into token ids. The captions-for-class-names idea follows CLIP’s prompt templates ' +
    "('a photo of a {label}').",
  paper: {
    citation:
      'Radford et al. Learning Transferable Visual Models From Natural Language Supervision (CLIP). ICML 2021 (prompt templates, sec. 3.1.4)',
    url: 'https://arxiv.org/abs/2103.00020',
  },
  inputs: [
    {
      name: 'label',
      kind: 'tensor',
      dtype: 'int32',
      rank: 1,
      dims: ['B'],
      gradient: 'none',
      doc: "Class index of each example (a dataset's label output).",
    },
  ],
  outputs: [
    {
      name: 'text',
      kind: 'tensor',
      dtype: 'int32',
      rank: 2,
      dims: ['B', 'S'],
      gradient: 'none',
      doc: 'The caption of each example as Unicode code points, 0-padded to S characters.',
    },
  ],
  params: classCaptionsParams,
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const label = tensorInput(ctx, 'label', diagnostics, {
      rank: 1,
      what: "the dataset's class labels, int32 [B]",
    });
    if (!label) return { outputs: {}, diagnostics };
    if (label.dtype !== 'int32')
      diagnostics.push({
        severity: 'error',
        port: 'label',
        message: `The labels are ${formatShape(label.shape)} ${label.dtype}; connect a dataset's int32 label output.`,
      });
    const p = ctx.params;
    if (isCaptionSetId(p.set)) {
      const longest = Math.max(...captionSet(p.set).flat().map(textLength));
      if (p.width < longest)
        diagnostics.push({
          severity: 'error',
          message: `The ${p.set} captions are up to ${longest} characters but width is ${p.width}; set width to at least ${longest}.`,
        });
    }
    if (diagnostics.some((d) => d.severity === 'error')) return { outputs: {}, diagnostics };
    return {
      outputs: { text: tensorType('int32', [label.shape[0] ?? 'B', p.width]) },
      diagnostics,
    };
  },
  cost: weightlessCost,
  build: (tf, params, ctx) => createClassCaptionsLayer(tf, params, ctx),
  emit: {
    layerModule: 'text/class-captions/class-captions.layer',
    factory: 'createClassCaptionsLayer',
  },
});
