// Builds the definition of a weightless x -> y node of any rank (the activations): ports, a
// shape pass-through that keeps symbolic dims, and an optional extra check on the params.
import {
  defineNode,
  type AnyNodeDefinition,
  type BuildContext,
  type NodeCategory,
  type NodeDefinition,
  type NodeLayer,
  type PortDiagnostic,
  type TF,
} from '../../../core/node-contract/node-definition';
import type { ParamSpecs, ParamsOf } from '../../../core/node-contract/param-spec';
import { tensorType, type TensorType, type ValueType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { weightlessCost } from '../../../core/node-contract/cost';

export interface ElementwiseSpec<S extends ParamSpecs> {
  id: string;
  title: string;
  category?: NodeCategory;
  doc: string;
  paper?: NodeDefinition<S>['paper'];
  params: S;
  build: (tf: TF, params: ParamsOf<S>, ctx: BuildContext) => NodeLayer;
  /** Name of the factory exported by `<id>/<name>.layer.ts`. */
  factory: string;
  /** Diagnostics for params that do not fit the input (e.g. an axis out of range). */
  check?: (params: ParamsOf<S>, x: TensorType) => PortDiagnostic[];
}

export const elementwiseNode = <S extends ParamSpecs>(
  spec: ElementwiseSpec<S>,
): AnyNodeDefinition =>
  defineNode<S>({
    id: spec.id,
    version: 1,
    title: spec.title,
    category: spec.category ?? 'activation',
    role: 'layer',
    doc: spec.doc,
    ...(spec.paper ? { paper: spec.paper } : {}),
    inputs: [
      {
        name: 'x',
        kind: 'tensor',
        dtype: 'float32',
        dims: ['...'],
        gradient: 'flows',
        doc: 'Any tensor, any rank.',
      },
    ],
    outputs: [
      {
        name: 'y',
        kind: 'tensor',
        dtype: 'float32',
        dims: ['...'],
        gradient: 'flows',
        doc: 'Same shape as x.',
      },
    ],
    params: spec.params,
    inferShapes: (ctx) => {
      const diagnostics: PortDiagnostic[] = [];
      const x = tensorInput(ctx, 'x', diagnostics);
      if (!x) return { outputs: {}, diagnostics };
      diagnostics.push(...(spec.check?.(ctx.params, x) ?? []));
      const outputs: Record<string, ValueType> =
        diagnostics.length === 0 ? { y: tensorType('float32', x.shape) } : {};
      return { outputs, diagnostics };
    },
    build: (tf, params, ctx) => spec.build(tf, params, ctx),
    cost: weightlessCost,
    emit: { layerModule: `${spec.id}/${spec.id.split('/')[1]}.layer`, factory: spec.factory },
  });
