// Test helpers for GAN node layers: a seeded Rng and apply/build contexts without the trainer.
import type {
  AnyNodeDefinition,
  ApplyContext,
  BuildContext,
  ModelHandle,
  Rng,
  ShapeResult,
} from '../../../core/node-contract/node-definition';
import type { ParamValue } from '../../../core/node-contract/param-spec';
import type { ValueType } from '../../../core/shapes/tensor-type';
import { mulberry32 } from '../../shared/seeded-random';

/** A seeded Rng for layer tests (mulberry32). */
export const seededRng = (seed: number): Rng => {
  const next = mulberry32(seed);
  return { next, int: (n) => Math.floor(next() * n), seed: () => Math.floor(next() * 0x7fffffff) };
};

export const applyContext = (
  batchSize: number,
  seed = 1,
  handles: Record<string, ModelHandle> = {},
): ApplyContext => ({
  training: true,
  step: 0,
  batchSize,
  split: 'train',
  rng: seededRng(seed),
  handles,
});

export const buildContext = (
  inputs: Record<string, ValueType | undefined>,
  seed = 7,
): BuildContext => ({
  nodeId: 'n',
  inputs,
  outputs: {},
  seed,
  data: { load: () => Promise.reject(new Error('no datasets in this test')) },
});

/** Runs a definition's shape inference with plain params (the registry erases their types). */
export const inferWith = (
  def: AnyNodeDefinition,
  params: Record<string, ParamValue>,
  inputs: Record<string, ValueType | undefined>,
): ShapeResult =>
  def.inferShapes({ nodeId: 'n', params: params as never, inputs, env: { datasets: {} } });
