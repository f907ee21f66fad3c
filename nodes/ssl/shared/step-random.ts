// Randomness of the SSL data nodes: a generator seeded by (node seed, global step), so a view is the
// same whenever step k is recomputed (a resume, a preview, the exported program) and two nodes with
// different seeds give two different views of one batch.
import { mulberry32 } from '../../shared/seeded-random';

/** A 32-bit mix of the node's seed and the step (splitmix-style), never 0. */
export const stepSeed = (seed: number, step: number): number => {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul((step >>> 0) + 1, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0 || 1;
};

/** Uniform [0, 1) draws for one node at one step. */
export const stepRandom = (seed: number, step: number): (() => number) =>
  mulberry32(stepSeed(seed, step));
