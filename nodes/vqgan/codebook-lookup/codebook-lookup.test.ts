import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyContext, inferWith } from '../../attention/test-context';
import { codebookLookupNode } from './codebook-lookup.node';
import { createCodebookLookup } from './codebook-lookup.layer';

describe('vqgan/codebook-lookup', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('infers B x H x W x D and needs both inputs', () => {
    const r = inferWith(codebookLookupNode, {}, { indices: tensorType('int32', [16, 7, 7]), codebook: tensorType('float32', [32, 8]) });
    expect(r.outputs['quantized']).toEqual(tensorType('float32', [16, 7, 7, 8]));
    expect(inferWith(codebookLookupNode, {}, { indices: tensorType('int32', [16, 7, 7]) }).diagnostics[0]?.port).toBe('codebook');
  });

  it('returns the codebook rows named by the indices', () => {
    const codebook = tf.tensor2d([[0, 1], [2, 3], [4, 5]]);
    const indices = tf.tensor3d([[[2, 0], [1, 1]]], [1, 2, 2], 'int32');
    const out = createCodebookLookup(tf).apply({ indices, codebook }, applyContext())['quantized']!;
    expect(out.shape).toEqual([1, 2, 2, 2]);
    expect(Array.from(out.dataSync())).toEqual([4, 5, 0, 1, 2, 3, 2, 3]);
  });
});
