// Builds the definition of a weightless (a, b) -> y node with NumPy-style broadcasting (Add, Multiply).
import {
  defineNode,
  type AnyNodeDefinition,
  type BuildContext,
  type NodeLayer,
  type PortDiagnostic,
  type TF,
} from '../../../core/node-contract/node-definition';
import { tensorType, type ValueType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { broadcastShapes } from './broadcast';
import { weightlessCost } from '../../../core/node-contract/cost';

export interface BinarySpec {
  id: string;
  title: string;
  doc: string;
  build: (tf: TF, params: Record<string, never>, ctx: BuildContext) => NodeLayer;
  factory: string;
}

export const binaryNode = (spec: BinarySpec): AnyNodeDefinition =>
  defineNode({
    id: spec.id,
    version: 1,
    title: spec.title,
    category: 'math',
    role: 'layer',
    doc: spec.doc,
    inputs: (['a', 'b'] as const).map((name) => ({
      name,
      kind: 'tensor' as const,
      dtype: 'float32' as const,
      dims: ['...'],
      gradient: 'flows' as const,
      doc: 'Any shape that broadcasts with the other input.',
    })),
    outputs: [
      {
        name: 'y',
        kind: 'tensor',
        dtype: 'float32',
        dims: ['...'],
        gradient: 'flows',
        doc: 'The broadcast shape of a and b.',
      },
    ],
    params: {},
    inferShapes: (ctx) => {
      const diagnostics: PortDiagnostic[] = [];
      const a = tensorInput(ctx, 'a', diagnostics);
      const b = tensorInput(ctx, 'b', diagnostics);
      if (!a || !b) return { outputs: {}, diagnostics };
      const r = broadcastShapes(a.shape, b.shape);
      if (!r.ok)
        return { outputs: {}, diagnostics: [{ severity: 'error', port: 'b', message: r.message }] };
      const outputs: Record<string, ValueType> = { y: tensorType('float32', r.shape) };
      return { outputs, diagnostics };
    },
    build: (tf, params, ctx) => spec.build(tf, params as Record<string, never>, ctx),
    cost: weightlessCost,
    emit: { layerModule: `${spec.id}/${spec.id.split('/')[1]}.layer`, factory: spec.factory },
  });
