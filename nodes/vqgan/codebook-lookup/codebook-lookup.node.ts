// Looks code indices up in a quantizer's codebook.
// b batch, h w code grid, k codebook size, d code dim
import { defineNode, type PortDiagnostic } from '../../../core/node-contract/node-definition';
import { tensorType, type Dim } from '../../../core/shapes/tensor-type';
import { failed, tensorInput } from '../../attention/shape-helpers';
import { createCodebookLookup } from './codebook-lookup.layer';

export const codebookLookupNode = defineNode({
  id: 'vqgan/codebook-lookup',
  version: 1,
  title: 'Codebook Lookup',
  category: 'quantize',
  role: 'layer',
  doc:
    "Turns code indices (e.g. from the Code Sampler) into code vectors using a quantizer's codebook, giving the " +
    'B x H x W x D map the decoder takes: the codes-to-image path of VQGAN stage 2. Connect a K x D codebook, or connect ' +
    "the quantizer's quantized and indices outputs (on real data) to quantized and sourceIndices and set codebookSize: " +
    'the node then mirrors the exact current vector of every code used on the data (codes never used stay zero).',
  paper: {
    citation: 'van den Oord et al. Neural Discrete Representation Learning. NeurIPS 2017',
    equation: 'z_q = e_k, k = s(y, x)',
  },
  inputs: [
    {
      name: 'indices',
      kind: 'tensor',
      dtype: 'int32',
      rank: 3,
      dims: ['B', 'H', 'W'],
      gradient: 'none',
    },
    {
      name: 'codebook',
      kind: 'tensor',
      dtype: 'float32',
      rank: 2,
      dims: ['K', 'D'],
      optional: true,
      doc: "The quantizer's codebook.",
    },
    {
      name: 'quantized',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H', 'W', 'D'],
      optional: true,
      gradient: 'none',
      doc: "The quantizer's quantized output on data (mirror mode).",
    },
    {
      name: 'sourceIndices',
      kind: 'tensor',
      dtype: 'int32',
      rank: 3,
      dims: ['B', 'H', 'W'],
      optional: true,
      gradient: 'none',
      doc: "The quantizer's indices on the same data (mirror mode).",
    },
  ],
  outputs: [
    { name: 'quantized', kind: 'tensor', dtype: 'float32', rank: 4, dims: ['B', 'H', 'W', 'D'] },
  ],
  params: {
    codebookSize: {
      kind: 'int',
      default: 0,
      min: 0,
      max: 65536,
      doc: 'K, needed in mirror mode (match the quantizer); 0 with a codebook input.',
    },
  },
  inferShapes({ inputs, params }) {
    const idx = tensorInput(inputs, 'indices', 3, 'B x H x W code indices');
    if (!idx.type) return failed(idx.diagnostic!);
    const [b = 'B', h = 'H', w = 'W'] = idx.type.shape;
    const diagnostics: PortDiagnostic[] =
      idx.type.dtype === 'int32'
        ? []
        : [{ severity: 'error', port: 'indices', message: 'indices must be int32 code indices.' }];
    let d: Dim | undefined;
    if (inputs['codebook']) {
      const book = tensorInput(inputs, 'codebook', 2, "a quantizer's K x D codebook");
      if (!book.type) return failed(book.diagnostic!);
      d = book.type.shape[1];
    } else {
      const q = tensorInput(inputs, 'quantized', 4, "the quantizer's quantized output");
      const s = tensorInput(inputs, 'sourceIndices', 3, "the quantizer's indices");
      if (!q.type || !s.type)
        return failed({
          severity: 'error',
          message:
            "Connect a codebook (K x D), or the quantizer's quantized and indices outputs to quantized and sourceIndices.",
        });
      d = q.type.shape[3];
      if (params.codebookSize < 2)
        diagnostics.push({
          severity: 'error',
          message: "Set codebookSize to the quantizer's codebookSize (mirror mode).",
        });
    }
    return { outputs: { quantized: tensorType('float32', [b, h, w, d ?? 'D']) }, diagnostics };
  },
  build: (tf, params, ctx) => createCodebookLookup(tf, params, ctx),
  emit: {
    layerModule: 'vqgan/codebook-lookup/codebook-lookup.layer',
    factory: 'createCodebookLookup',
  },
});
