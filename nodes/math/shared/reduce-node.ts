// Builds the definition of a reduction over axes (Mean, Sum): params axes (empty = all) and
// keepDims; negative axes count from the end; an axis out of range or repeated is a diagnostic.
import {
  defineNode,
  type AnyNodeDefinition,
  type BuildContext,
  type NodeLayer,
  type PortDiagnostic,
  type TF,
} from '../../../core/node-contract/node-definition';
import { formatShape, tensorType, type ValueType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { axisRange, reduceAxes } from './axes';
import type { ReduceParams } from './reduce-layer';
import { weightlessCost } from '../../../core/node-contract/cost';

export interface ReduceSpec {
  id: string;
  title: string;
  doc: string;
  build: (tf: TF, params: ReduceParams, ctx: BuildContext) => NodeLayer;
  factory: string;
}

export const reduceNode = (spec: ReduceSpec): AnyNodeDefinition =>
  defineNode({
    id: spec.id,
    version: 1,
    title: spec.title,
    category: 'math',
    role: 'layer',
    doc: spec.doc,
    inputs: [
      {
        name: 'x',
        kind: 'tensor',
        dtype: 'float32',
        dims: ['...'],
        gradient: 'flows',
        doc: 'Any tensor.',
      },
    ],
    outputs: [
      {
        name: 'y',
        kind: 'tensor',
        dtype: 'float32',
        dims: ['...'],
        gradient: 'flows',
        doc: 'x without the reduced axes (or with them as 1 when keepDims).',
      },
    ],
    params: {
      axes: {
        kind: 'intList',
        default: [],
        min: -8,
        max: 7,
        maxLength: 8,
        doc: 'Axes to reduce; negative counts from the end (-1 is the last). Empty reduces every axis to a scalar.',
      },
      keepDims: {
        kind: 'bool',
        default: false,
        doc: 'Keep reduced axes as size 1, so the result broadcasts back against x.',
      },
    },
    inferShapes: (ctx) => {
      const diagnostics: PortDiagnostic[] = [];
      const x = tensorInput(ctx, 'x', diagnostics);
      if (!x) return { outputs: {}, diagnostics };
      const rank = x.shape.length;
      const r = reduceAxes(ctx.params.axes, rank);
      if ('bad' in r) {
        const message = r.duplicate
          ? `axes [${ctx.params.axes.join(', ')}] name axis ${r.bad} twice for the rank-${rank} input (${formatShape(x.shape)}); list each axis once.`
          : `Axis ${r.bad} is out of range for the rank-${rank} input (${formatShape(x.shape)}); valid axes are ${axisRange(rank)}, or leave axes empty to reduce every axis.`;
        return { outputs: {}, diagnostics: [{ severity: 'error', port: 'x', message }] };
      }
      const shape = x.shape.flatMap((d, i) =>
        r.axes.includes(i) ? (ctx.params.keepDims ? [1] : []) : [d],
      );
      const outputs: Record<string, ValueType> = { y: tensorType('float32', shape) };
      return { outputs, diagnostics };
    },
    build: (tf, params, ctx) => spec.build(tf, params, ctx),
    cost: weightlessCost,
    emit: { layerModule: `${spec.id}/${spec.id.split('/')[1]}.layer`, factory: spec.factory },
  });
