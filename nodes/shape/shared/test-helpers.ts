// Test helpers for the shape, resample and position nodes: build a node's layer, run it, and
// check its gradient against finite differences through a fixed random projection.
import type * as tfjs from '@tensorflow/tfjs';
import type { AnyNodeDefinition, NodeLayer, TF } from '../../../core/node-contract/node-definition';
import type { ValueType } from '../../../core/shapes/tensor-type';
import { gradientCheck } from '../../shared/gradient-check';
import { applyCtx, buildCtx, paramsOf } from '../../shared/test-kit';

export const buildLayer = async (
  tf: TF,
  def: AnyNodeDefinition,
  params: Record<string, unknown>,
  inputs: Record<string, ValueType | undefined>,
): Promise<NodeLayer> => def.build(tf, paramsOf(def, params) as never, buildCtx(inputs));

/** Runs one output of a layer. */
export const run = (
  layer: NodeLayer,
  inputs: Record<string, tfjs.Tensor>,
  output: string,
): tfjs.Tensor => {
  const y = layer.apply(inputs, applyCtx())[output];
  if (!y) throw new Error(`no output ${output}`);
  return y;
};

/**
 * Max error of d/d(input) sum(output * R) (R a fixed random tensor) against finite differences;
 * the other inputs are held fixed.
 */
export const projectedGradientError = (
  tf: TF,
  layer: NodeLayer,
  inputs: Record<string, tfjs.Tensor>,
  port: string,
  output: string,
  opts: { eps?: number; maxElements?: number } = {},
): number => {
  const probe = run(layer, inputs, output);
  const r = tf.randomNormal(probe.shape, 0, 1, 'float32', 11);
  const f = (a: tfjs.Tensor) => tf.sum(tf.mul(run(layer, { ...inputs, [port]: a }, output), r));
  return gradientCheck(tf, f, inputs[port] as tfjs.Tensor, opts).maxError;
};
