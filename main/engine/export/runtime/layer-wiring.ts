// What generated programs and inference bundles use to wire node layers: the layer spec, the
// factory type, output lookup and model handles. Browser-safe: types and plain functions only.
import type * as tfjs from '@tensorflow/tfjs';
import type {
  ApplyContext,
  BuildContext,
  ModelHandle,
  NodeLayer,
  Tensor,
} from '../../../../core/node-contract/node-definition';
import type { ValueType } from '../../../../core/shapes/tensor-type';

type TF = typeof tfjs;

export interface LayerSpec<P> {
  nodeId: string;
  /** Weight names are prefix + nodeId + '/' + weight ('' top level, 'moduleId/' shared, 'instanceId/' copies). */
  prefix: string;
  /** The initialisers' seed comes from the project seed and seedPath + nodeId. */
  seedPath: string;
  params: P;
  inputs: Record<string, ValueType | undefined>;
  outputs: Record<string, ValueType>;
}

export type LayerFactory<P> = (
  tf: TF,
  params: P,
  ctx: BuildContext,
) => NodeLayer | Promise<NodeLayer>;

/** An output port of a node's results; a missing one is reported by name. */
export const out = (outputs: Record<string, Tensor>, port: string): Tensor => {
  const t = outputs[port];
  if (t === undefined)
    throw new Error(`No output "${port}" (have: ${Object.keys(outputs).join(', ') || 'none'}).`);
  return t;
};

/** A module as a callable value on a 'model' edge. */
export const handleOf = (
  moduleId: string,
  module: { forward(i: Record<string, Tensor>, c: ApplyContext): Record<string, Tensor> },
): ModelHandle => ({
  moduleId,
  call: (inputs, ctx) => module.forward(inputs, ctx),
});
