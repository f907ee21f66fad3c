// Reads scalar outputs of a built program in inference mode on a data split, e.g. the test
// reconstruction MSE and codebook perplexity of a trained VQ-VAE. Uses its own seeded RNG, so
// it neither disturbs nor depends on the training stream.
import type { PortRef } from '../../../core/document/document.types';
import type { BuiltProgram } from '../build/build-program';
import { evaluation } from '../build/evaluate';
import { createRng } from './rng';

export interface EvaluateOptions {
  split?: 'train' | 'test';
  batchSize?: number;
  seed?: number;
}

/** The mean of each rank-0 output over one batch; keys are 'node.port'. */
export const evaluateScalars = (
  built: BuiltProgram,
  refs: readonly PortRef[],
  opts: EvaluateOptions = {},
): Record<string, number> =>
  built.tf.tidy(() => {
    const ev = evaluation(built, {
      training: false,
      step: 0,
      batchSize: opts.batchSize ?? 256,
      split: opts.split ?? 'test',
      rng: createRng(opts.seed ?? 12345),
      handles: {},
    });
    return Object.fromEntries(
      refs.map((r) => [`${r.node}.${r.port}`, built.tf.mean(ev.output(r)).dataSync()[0] ?? NaN]),
    );
  });
