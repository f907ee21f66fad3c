// Looks code indices up in a quantizer's codebook.
// b batch, h w code grid, k codebook size, d code dim
import { defineNode } from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { failed, tensorInput } from '../../attention/shape-helpers';
import { createCodebookLookup } from './codebook-lookup.layer';

export const codebookLookupNode = defineNode({
  id: 'vqgan/codebook-lookup',
  version: 1,
  title: 'Codebook Lookup',
  category: 'quantize',
  role: 'layer',
  doc:
    "Turns code indices (e.g. from the Code Sampler) into code vectors using a quantizer's codebook (K x D), giving the " +
    'B x H x W x D map the decoder takes: the codes-to-image path of VQGAN stage 2.',
  paper: { citation: 'van den Oord et al. Neural Discrete Representation Learning. NeurIPS 2017', equation: 'z_q = e_k, k = s(y, x)' },
  inputs: [
    { name: 'indices', kind: 'tensor', dtype: 'int32', rank: 3, dims: ['B', 'H', 'W'], gradient: 'none' },
    { name: 'codebook', kind: 'tensor', dtype: 'float32', rank: 2, dims: ['K', 'D'], doc: "The quantizer's codebook." },
  ],
  outputs: [{ name: 'quantized', kind: 'tensor', dtype: 'float32', rank: 4, dims: ['B', 'H', 'W', 'D'] }],
  params: {},
  inferShapes({ inputs }) {
    const idx = tensorInput(inputs, 'indices', 3, 'B x H x W code indices');
    const book = tensorInput(inputs, 'codebook', 2, "a quantizer's K x D codebook");
    if (!idx.type || !book.type) return failed(...[idx.diagnostic, book.diagnostic].filter((d) => d !== undefined));
    const [b = 'B', h = 'H', w = 'W'] = idx.type.shape;
    const d = book.type.shape[1] ?? 'D';
    const diagnostics =
      idx.type.dtype === 'int32' ? [] : [{ severity: 'error' as const, port: 'indices', message: 'indices must be int32 code indices.' }];
    return { outputs: { quantized: tensorType('float32', [b, h, w, d]) }, diagnostics };
  },
  build: (tf) => createCodebookLookup(tf),
  emit: { layerModule: 'vqgan/codebook-lookup/codebook-lookup.layer', factory: 'createCodebookLookup' },
});
