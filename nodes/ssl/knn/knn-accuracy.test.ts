import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { knnAccuracy } from './knn-accuracy';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const rows = (xs: number[][]) => Float32Array.from(xs.flat());

describe('knnAccuracy', () => {
  // Class 0 points along +x, class 1 along +y (length does not matter: cosine).
  const train = {
    features: rows([
      [1, 0.1],
      [5, 0.2],
      [2, -0.1],
      [0.1, 1],
      [-0.2, 3],
      [0.1, 2],
    ]),
    labels: Int32Array.from([0, 0, 0, 1, 1, 1]),
    width: 2,
  };

  it('classifies by the k most cosine-similar train rows', () => {
    const test = {
      features: rows([
        [3, 0],
        [0, 0.5],
        [1, 0.9],
        [0.2, 1],
      ]),
      labels: Int32Array.from([0, 1, 0, 0]),
      width: 2,
    };
    // The 4th point leans to class 1: 3 of 4 right, with any chunking.
    expect(knnAccuracy(tf, train, test, 3, 2)).toBe(0.75);
    expect(knnAccuracy(tf, train, test, 3, 2, 1)).toBe(0.75);
  });

  it('breaks a tied vote by the summed similarity', () => {
    // k = 2 of {+x: 0, +y: 1, -x: 0, -y: 1}: one neighbour of each class, the closer one wins.
    const axes = {
      features: rows([
        [1, 0],
        [0, 1],
        [-1, 0],
        [0, -1],
      ]),
      labels: Int32Array.from([0, 1, 0, 1]),
      width: 2,
    };
    const test = {
      features: rows([
        [1, 0.8],
        [0.8, 1],
      ]),
      labels: Int32Array.from([0, 1]),
      width: 2,
    };
    expect(knnAccuracy(tf, axes, test, 2, 2)).toBe(1);
    const swapped = { ...test, labels: Int32Array.from([1, 0]) };
    expect(knnAccuracy(tf, axes, swapped, 2, 2)).toBe(0);
  });
});
