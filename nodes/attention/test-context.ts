// Contexts for unit tests of layers (no engine needed): a seeded rng, a build context, an apply context.
import type {
  AnyNodeDefinition,
  ApplyContext,
  BuildContext,
  ModelHandle,
  Rng,
  ShapeResult,
} from '../../core/node-contract/node-definition';
import { tensorType, type DType, type Shape, type ValueType } from '../../core/shapes/tensor-type';

/** mulberry32: a small seeded generator, enough for tests. */
export const testRng = (seed: number): Rng => {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), seed: () => Math.floor(next() * 2147483647) };
};

export const buildContext = (
  inputs: Record<string, [DType, Shape] | ValueType>,
  seed = 7,
  outputs: Record<string, ValueType> = {},
): BuildContext => ({
  nodeId: 'n',
  inputs: Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [k, Array.isArray(v) ? tensorType(v[0], v[1]) : v]),
  ) as Record<string, ValueType>,
  outputs,
  seed,
  data: { load: () => Promise.reject(new Error('no data in unit tests')) },
});

export const applyContext = (
  over: Partial<ApplyContext> = {},
  handles: Record<string, ModelHandle> = {},
): ApplyContext => ({
  training: true,
  step: 0,
  batchSize: 2,
  split: 'train',
  rng: testRng(1),
  handles,
  ...over,
});

/** Runs a definition's inferShapes with plain params (the registry type erases param types). */
export const inferWith = (
  def: AnyNodeDefinition,
  params: Record<string, unknown>,
  inputs: Record<string, ValueType | undefined>,
): ShapeResult =>
  def.inferShapes({ nodeId: 'n', params: params as never, inputs, env: { datasets: {} } });
