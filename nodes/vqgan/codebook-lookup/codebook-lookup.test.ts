import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyContext, buildContext, inferWith } from '../../attention/test-context';
import { codebookLookupNode } from './codebook-lookup.node';
import { createCodebookLookup } from './codebook-lookup.layer';

describe('vqgan/codebook-lookup', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('infers B x H x W x D in both modes and names what to connect', () => {
    const r = inferWith(
      codebookLookupNode,
      { codebookSize: 0 },
      { indices: tensorType('int32', [16, 7, 7]), codebook: tensorType('float32', [32, 8]) },
    );
    expect(r.outputs['quantized']).toEqual(tensorType('float32', [16, 7, 7, 8]));
    const m = inferWith(
      codebookLookupNode,
      { codebookSize: 32 },
      {
        indices: tensorType('int32', [16, 7, 7]),
        quantized: tensorType('float32', ['B', 7, 7, 8]),
        sourceIndices: tensorType('int32', ['B', 7, 7]),
      },
    );
    expect(m.outputs['quantized']).toEqual(tensorType('float32', [16, 7, 7, 8]));
    expect(m.diagnostics).toEqual([]);
    expect(
      inferWith(
        codebookLookupNode,
        { codebookSize: 0 },
        { indices: tensorType('int32', [16, 7, 7]) },
      ).diagnostics[0]?.message,
    ).toMatch(/Connect a codebook/);
  });

  it('returns the codebook rows named by the indices', () => {
    const codebook = tf.tensor2d([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    const indices = tf.tensor3d(
      [
        [
          [2, 0],
          [1, 1],
        ],
      ],
      [1, 2, 2],
      'int32',
    );
    const out = createCodebookLookup(tf, { codebookSize: 0 }).apply(
      { indices, codebook },
      applyContext(),
    )['quantized']!;
    expect(out.shape).toEqual([1, 2, 2, 2]);
    expect(Array.from(out.dataSync())).toEqual([4, 5, 0, 1, 2, 3, 2, 3]);
  });

  it('with a connected codebook it keeps no mirror and decodes every code, even ones the data never used', () => {
    const layer = createCodebookLookup(
      tf,
      { codebookSize: 4 },
      buildContext({
        codebook: ['float32', [4, 2]],
        quantized: ['float32', [2, 1, 2, 2]],
        sourceIndices: ['int32', [2, 1, 2]],
      }),
    );
    expect(layer.state).toBeUndefined();
    const codebook = tf.tensor2d([
      [0, 1],
      [2, 3],
      [4, 5],
      [6, 7],
    ]);
    const indices = tf.tensor3d([0, 1, 2, 3], [1, 2, 2], 'int32');
    const out = layer.apply({ indices, codebook }, applyContext())['quantized']!;
    expect(Array.from(out.dataSync())).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('mirror mode: recovers exactly the codebook rows used on the data', () => {
    const book = [
      [0, 1],
      [2, 3],
      [4, 5],
      [6, 7],
    ];
    const layer = createCodebookLookup(
      tf,
      { codebookSize: 4 },
      buildContext({ quantized: ['float32', [2, 1, 2, 2]] }),
    );
    const src = [[[[1, 3]]], [[[1, 0]]]]; // codes 0, 1, 3 used; 2 never
    const quantized = tf.tensor4d(
      src
        .flat(3)
        .map((i) => book[i]!)
        .flat(),
      [2, 1, 2, 2],
    );
    const sourceIndices = tf.tensor3d(src.flat(3), [2, 1, 2], 'int32');
    const indices = tf.tensor3d([0, 1, 2, 3], [1, 2, 2], 'int32');
    const out = layer.apply({ indices, quantized, sourceIndices }, applyContext())['quantized']!;
    expect(Array.from(out.dataSync())).toEqual([0, 1, 2, 3, 0, 0, 6, 7]);
    expect(layer.preview?.()).toEqual({ codesSeen: 3 });
    // Without data this step, the mirror still answers.
    const again = layer.apply(
      { indices, quantized: undefined, sourceIndices: undefined },
      applyContext(),
    )['quantized']!;
    expect(Array.from(again.dataSync())).toEqual([0, 1, 2, 3, 0, 0, 6, 7]);
  });
});
