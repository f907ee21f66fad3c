// b batch, h w spatial, c channels (NHWC); y = x + PE(h, w) with PE [h, w, c].
import { defineNode } from '../../../core/node-contract/node-definition';
import { weightlessCost } from '../../../core/node-contract/cost';
import { tensorType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { fail } from '../../shape/shared/diagnostics';
import { createSinePosition2dLayer } from './sine-position-2d.layer';

export const sinePosition2dNode = defineNode({
  id: 'detection/sine-position-2d',
  version: 1,
  title: 'Sine Position 2D',
  category: 'position',
  role: 'layer',
  doc:
    'Adds a fixed 2D sine/cosine encoding of each pixel’s row and column to a feature map (no weights): the first half of the ' +
    'channels encode the row, the second half the column, each with interleaved sines and cosines of geometric ' +
    'frequencies, positions normalised to (0, 2pi]. The positional encoding of DETR’s backbone features, before they are ' +
    'flattened into the transformer’s tokens (DETR adds it to the queries and keys of every layer; adding it once to the ' +
    'tokens, as ViT does, is the simpler form used here). Channels must be a multiple of 4.',
  paper: {
    citation:
      'Carion et al. End-to-End Object Detection with Transformers (DETR). ECCV 2020, models/position_encoding.py',
    url: 'https://arxiv.org/abs/2005.12872',
    equation:
      'PE(r, c)_{2i, 2i+1} = sin, cos((r+1)/H 2pi / T^(2i/(C/2))) for rows; the same with (c+1)/W in the other C/2',
  },
  inputs: [
    {
      name: 'x',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H', 'W', 'C'],
      gradient: 'flows',
      doc: 'Feature map, NHWC.',
    },
  ],
  outputs: [
    {
      name: 'y',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H', 'W', 'C'],
      doc: 'x + PE.',
    },
  ],
  params: {
    temperature: {
      kind: 'float',
      default: 10000,
      min: 1,
      max: 1e9,
      log: true,
      doc: 'Longest wavelength factor T (DETR: 10000).',
    },
  },
  inferShapes: (ctx) => {
    const diagnostics: ReturnType<typeof fail>['diagnostics'] = [];
    const x = tensorInput(ctx, 'x', diagnostics, { rank: 4, what: 'a feature map B x H x W x C' });
    if (!x) return { outputs: {}, diagnostics };
    const c = x.shape[3];
    if (typeof c === 'number' && c % 4 !== 0)
      return fail(
        'x',
        `Sine Position 2D: x has ${c} channels; it needs a multiple of 4 (half for rows, half for columns, sin/cos pairs) — set the conv before it to ${Math.max(4, Math.round(c / 4) * 4)} filters.`,
      );
    return { outputs: { y: tensorType('float32', x.shape) }, diagnostics };
  },
  build: (tf, params) => createSinePosition2dLayer(tf, params),
  cost: weightlessCost,
  emit: {
    layerModule: 'detection/sine-position-2d/sine-position-2d.layer',
    factory: 'createSinePosition2dLayer',
  },
});
