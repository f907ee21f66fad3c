// Helpers for node unit tests: a seeded RNG, build and apply contexts, shape-inference calls.
import type {
  AnyNodeDefinition,
  ApplyContext,
  BuildContext,
  DataProvider,
  Rng,
  ShapeEnv,
  ShapeResult,
} from '../../core/node-contract/node-definition';
import { withDefaults, type ParamValues } from '../../core/node-contract/param-spec';
import type { ValueType } from '../../core/shapes/tensor-type';

export const testRng = (seed = 1): Rng => {
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), seed: () => Math.floor(next() * 2147483647) };
};

export const testEnv: ShapeEnv = {
  datasets: {
    mnist: { available: true, height: 28, width: 28, channels: 1, classes: 10 },
    'fashion-mnist': {
      available: false,
      height: 28,
      width: 28,
      channels: 1,
      classes: 10,
      howToGet: 'Run apt-get install dataset-fashion-mnist.',
    },
  },
};

const noData: DataProvider = { load: () => Promise.reject(new Error('no data in this test')) };

export const buildCtx = (
  inputs: Record<string, ValueType | undefined>,
  outputs: Record<string, ValueType> = {},
  extra: Partial<BuildContext> = {},
): BuildContext => ({ nodeId: 'n1', inputs, outputs, seed: 42, data: noData, ...extra });

export const applyCtx = (extra: Partial<ApplyContext> = {}): ApplyContext => ({
  training: true,
  step: 0,
  batchSize: 2,
  split: 'train',
  rng: testRng(7),
  handles: {},
  ...extra,
});

export const paramsOf = (
  def: AnyNodeDefinition,
  given: Record<string, unknown> = {},
): ParamValues => withDefaults(def.params, given);

export const infer = (
  def: AnyNodeDefinition,
  inputs: Record<string, ValueType | undefined>,
  given: Record<string, unknown> = {},
  env: ShapeEnv = testEnv,
): ShapeResult =>
  def.inferShapes({ nodeId: 'n1', params: paramsOf(def, given) as never, inputs, env });

export const countParams = (weights: Record<string, { size: number }>): number =>
  Object.values(weights).reduce((n, w) => n + w.size, 0);
