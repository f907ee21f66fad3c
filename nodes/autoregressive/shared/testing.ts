// Test helpers for autoregressive nodes: contexts built by hand, and an exact check of the
// autoregressive property by perturbation. b batch, h w spatial, c channels; d = h*w*c.
import type * as tfjs from '@tensorflow/tfjs';
import type {
  AnyNodeDefinition,
  ApplyContext,
  BuildContext,
  ModelHandle,
  NodeLayer,
  Rng,
  ShapeResult,
  TF,
} from '../../../core/node-contract/node-definition';
import { tensorType, type ValueType } from '../../../core/shapes/tensor-type';
import { mulberry32 } from '../../shared/seeded-random';

export const imageType = (h: number, w: number, c = 1): ValueType =>
  tensorType('float32', ['B', h, w, c]);

export const buildContext = (
  inputs: Record<string, ValueType | undefined>,
  seed = 7,
  nodeId = 'n1',
): BuildContext => ({
  nodeId,
  inputs,
  outputs: {},
  seed,
  data: { load: () => Promise.reject(new Error('no data in unit tests')) },
});

export const seededRng = (seed: number): Rng => {
  const next = mulberry32(seed);
  return { next, int: (n) => Math.floor(next() * n), seed: () => Math.floor(next() * 2147483647) };
};

export const applyContext = (over: Partial<ApplyContext> = {}): ApplyContext => ({
  training: false,
  step: 0,
  batchSize: 1,
  split: 'test',
  rng: seededRng(1),
  handles: {},
  ...over,
});

/** A node layer as a model handle, the way module/handle exposes a module. */
export const layerAsHandle = (layer: NodeLayer, moduleId = 'model'): ModelHandle => ({
  moduleId,
  call: (inputs, ctx) => layer.apply(inputs, ctx),
});

export interface DependencyReport {
  /** Flipping an input changed an output at or before it in the order (must be 0). */
  violations: number;
  /** (input, output) pairs with output later in the order that did change. */
  dependencies: number;
  /** Number of (input, later output) pairs. */
  possible: number;
}

/**
 * Flips each pixel of one random binary image in turn (one batched forward pass) and counts
 * which outputs moved. order[p] is the position of pixel p in the model's order.
 */
export const checkAutoregressive = (
  tf: TF,
  apply: (x: tfjs.Tensor) => tfjs.Tensor,
  shape: readonly [number, number, number],
  order: readonly number[],
  seed = 3,
  tol = 1e-5,
): DependencyReport => {
  const [h, w, c] = shape;
  const d = h * w * c;
  const next = mulberry32(seed);
  const base = Float32Array.from({ length: d }, () => (next() < 0.5 ? 0 : 1));
  const batch = new Float32Array((d + 1) * d);
  for (let r = 0; r <= d; r++) {
    batch.set(base, r * d);
    if (r > 0) batch[r * d + (r - 1)] = 1 - (base[r - 1] as number);
  }
  const out = tf.tidy(() => apply(tf.tensor4d(batch, [d + 1, h, w, c])).dataSync());
  let violations = 0;
  let dependencies = 0;
  let possible = 0;
  for (let j = 0; j < d; j++) {
    const pj = order[j] as number;
    for (let i = 0; i < d; i++) {
      const moved = Math.abs((out[(j + 1) * d + i] as number) - (out[i] as number)) > tol;
      if ((order[i] as number) <= pj) {
        if (moved) violations++;
      } else {
        possible++;
        if (moved) dependencies++;
      }
    }
  }
  return { violations, dependencies, possible };
};

export const rasterOrder = (d: number): number[] => Array.from({ length: d }, (_, i) => i);

/** Runs a definition's shape inference with plain params (tests only; the registry erases param types). */
export const inferWith = (
  def: AnyNodeDefinition,
  params: Record<string, unknown>,
  inputs: Record<string, ValueType | undefined>,
): ShapeResult =>
  def.inferShapes({ nodeId: 'n', params: params as never, inputs, env: { datasets: {} } });
