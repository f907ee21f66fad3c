// The runtime layer of a custom layer: creates the declared weights (seeded) and calls the user's
// forward(tf, x, weights, ctx), checking that it returns a tensor of the declared shape.
// x [..legend axes..] -> y [..output shape..], both as the node's params declare them.
// This file runs no code of its own choosing: `forward` comes from the engine's trusted loader
// (custom-layer.node.ts) or, in an exported program, from the code copied beside it.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
  Variable,
} from '../../../core/node-contract/node-definition';
import type { CustomForward } from '../../../core/node-contract/custom-code';
import type { Dim } from '../../../core/shapes/tensor-type';
import { glorotUniform, onesVar, seedStream, zerosVar, type SeedStream } from '../../shared/init';
import {
  bindLegend,
  evaluateShape,
  parseLegend,
  parseShapeExpression,
  type Parsed,
} from './shape-expression';
import { parseWeightDeclarations, weightShapes, type WeightInit } from './weight-declarations';

export interface CustomLayerParams {
  code: string;
  inputDims: string;
  outputShape: string;
  weights: string;
}

/** What the layer reads: the declarations (the code itself reaches it as `forward`). */
export type CustomLayerShapeParams = Omit<CustomLayerParams, 'code'>;

const orThrow = <T>(r: Parsed<T>, nodeId: string, what: string): T => {
  if (!r.ok) throw new Error(`Custom layer ${nodeId}: ${what}: ${r.message}.`);
  return r.value;
};

const createWeight = (tf: TF, init: WeightInit, shape: number[], seeds: SeedStream): Variable => {
  if (init === 'zeros') return zerosVar(tf, shape);
  if (init === 'ones') return onesVar(tf, shape);
  if (init === 'normal')
    return tf.tidy(() =>
      tf.variable(tf.randomNormal(shape, 0, 0.02, 'float32', seeds.next()), true),
    );
  const fanOut = shape[shape.length - 1] ?? 1;
  const fanIn = shape.length > 1 ? shape.slice(0, -1).reduce((a, b) => a * b, 1) : fanOut;
  return glorotUniform(tf, shape, fanIn, fanOut, seeds);
};

const isTensor = (v: unknown): v is Tensor =>
  typeof v === 'object' &&
  v !== null &&
  Array.isArray((v as Tensor).shape) &&
  typeof (v as Tensor).dataSync === 'function';

const shapeText = (shape: readonly Dim[]): string => `[${shape.join(', ')}]`;

export const createCustomLayer = (
  tf: TF,
  params: CustomLayerShapeParams,
  ctx: BuildContext,
  forward: CustomForward,
): NodeLayer => {
  const id = ctx.nodeId;
  const x = ctx.inputs['x'];
  if (x?.kind !== 'tensor') throw new Error(`Custom layer ${id}: connect a tensor to x.`);
  const legend = orThrow(parseLegend(params.inputDims), id, 'inputDims');
  const output = orThrow(parseShapeExpression(params.outputShape), id, 'outputShape');
  const declared = orThrow(parseWeightDeclarations(params.weights), id, 'weights');
  const env = orThrow(bindLegend(legend, x.shape), id, 'inputDims');
  const shapes = orThrow(weightShapes(declared, env), id, 'weights');
  const seeds = seedStream(ctx.seed);
  const weights: Record<string, Variable> = {};
  for (const w of declared) weights[w.name] = createWeight(tf, w.init, shapes.get(w.name)!, seeds);
  const view: Readonly<Record<string, Tensor>> = Object.freeze({ ...weights });
  return {
    weights,
    apply: (inputs, applyCtx) => {
      const input = inputs['x'];
      if (!input) throw new Error(`Custom layer ${id} needs x.`);
      const y: unknown = forward(tf, input, view, {
        training: applyCtx.training,
        step: applyCtx.step,
      });
      if (!isTensor(y))
        throw new Error(
          `Custom layer ${id}: forward returned ${y === null ? 'null' : typeof y}, not a tensor; return the output tensor.`,
        );
      // The declared output shape, with the legend bound to this call's concrete input shape.
      const concrete = orThrow(bindLegend(legend, input.shape), id, 'inputDims');
      const expected = orThrow(evaluateShape(output, concrete), id, 'outputShape');
      if (
        expected.length !== y.shape.length ||
        expected.some((d, i) => typeof d === 'number' && d !== y.shape[i])
      )
        throw new Error(
          `Custom layer ${id}: forward returned shape ${shapeText(y.shape)} but the output shape ${params.outputShape} gives ${shapeText(expected)} for an input of ${shapeText(input.shape)}; fix the code or the output shape.`,
        );
      return { y };
    },
    dispose: () => tf.dispose(Object.values(weights)),
  };
};

/** The layer factory of one custom layer over its forward (how an exported program builds it). */
export const customLayerFactory =
  (forward: CustomForward) =>
  (tf: TF, params: CustomLayerShapeParams, ctx: BuildContext): NodeLayer =>
    createCustomLayer(tf, params, ctx, forward);
