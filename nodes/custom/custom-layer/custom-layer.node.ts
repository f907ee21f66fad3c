// Custom Layer: y = forward(tf, x, weights) written by the user in TypeScript.
// x [..legend..] (inputDims names its axes) -> y [..outputShape..], an expression over those names.
// Shapes come from the declarations, never from running the code; the code runs only in the
// training worker, once trusted on this machine (main/trust/).
import { defineNode, type PortDiagnostic } from '../../../core/node-contract/node-definition';
import { tensorType, type ValueType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { createCustomLayer } from './custom-layer.layer';
import { DEFAULT_CUSTOM_CODE, DEFAULT_CUSTOM_WEIGHTS } from './default-code';
import { forwardExportProblem } from './forward-export';
import { bindLegend, evaluateShape, parseLegend, parseShapeExpression } from './shape-expression';
import { parseWeightDeclarations, weightShapes } from './weight-declarations';

export const CUSTOM_LAYER_TYPE = 'custom/custom-layer';

export const customLayerNode = defineNode({
  id: CUSTOM_LAYER_TYPE,
  version: 1,
  title: 'Custom Layer',
  category: 'layers',
  role: 'layer',
  doc:
    'Your own layer in TypeScript, for an operation no node offers. The code is a module that exports ' +
    'forward(tf, x, weights, ctx) and returns one tensor: tf is TensorFlow.js, x the input, weights the ' +
    'weights declared in Weights (by name), ctx { training, step }. Use tf ops only: they run inside ' +
    'tf.tidy and gradients flow through them to x and the weights. Input dims names the axes of x ' +
    '(e.g. [B, H, W, C]); Output shape is an expression over those names (e.g. [B, H*W, C] or [B, 64]), ' +
    'so shapes are known while editing without running anything. Weights are one per line, ' +
    'name: [dims] init with init glorot (default), normal, zeros or ones, e.g. w: [C] ones. ' +
    'Code from a project file never runs until you trust it on this machine (Trust in the inspector, ' +
    'or tessera trust FILE); editing it in the studio keeps it trusted, changing it elsewhere does not.',
  inputs: [
    {
      name: 'x',
      kind: 'tensor',
      dtype: 'float32',
      gradient: 'flows',
      doc: 'The input; its axes are named by Input dims.',
    },
  ],
  outputs: [
    {
      name: 'y',
      kind: 'tensor',
      dtype: 'float32',
      doc: 'What forward returns, of the declared Output shape.',
    },
  ],
  params: {
    code: {
      kind: 'string',
      default: DEFAULT_CUSTOM_CODE,
      label: 'Code',
      doc: 'A TypeScript module exporting forward(tf, x, weights, ctx); shown in the code editor below.',
    },
    inputDims: {
      kind: 'string',
      default: '[B, C]',
      label: 'Input dims',
      doc: 'Names for the axes of x, e.g. [B, H, W, C]; a number instead of a name requires that size.',
    },
    outputShape: {
      kind: 'string',
      default: '[B, C]',
      label: 'Output shape',
      doc: 'The shape forward returns, over the input dims with + - * / and whole numbers, e.g. [B, H*W, C].',
    },
    weights: {
      kind: 'string',
      default: DEFAULT_CUSTOM_WEIGHTS,
      label: 'Weights',
      doc: 'One per line: name: [dims] init (glorot, normal, zeros or ones); sizes over the input dims, never B.',
    },
  },
  inferShapes(ctx) {
    const diagnostics: PortDiagnostic[] = [];
    const outputs: Record<string, ValueType> = {};
    const error = (message: string, port?: string): void => {
      diagnostics.push({ severity: 'error', message, ...(port ? { port } : {}) });
    };
    const codeProblem = forwardExportProblem(ctx.params.code);
    if (codeProblem) error(codeProblem);
    const legend = parseLegend(ctx.params.inputDims);
    if (!legend.ok)
      error(
        `Input dims "${ctx.params.inputDims}": ${legend.message}. Write one name per axis of x, e.g. [B, H, W, C].`,
      );
    const output = parseShapeExpression(ctx.params.outputShape);
    if (!output.ok)
      error(
        `Output shape "${ctx.params.outputShape}": ${output.message}. Write a list over the input dims, e.g. [B, H*W, C] or [B, 64].`,
      );
    const weights = parseWeightDeclarations(ctx.params.weights);
    if (!weights.ok) error(`Weights: ${weights.message}.`);
    const x = tensorInput(ctx, 'x', diagnostics);
    if (!x || !legend.ok) return { outputs, diagnostics };
    if (x.dtype !== 'float32') {
      error(`'x' is ${x.dtype} but a Custom Layer takes float32; insert a cast before it.`, 'x');
      return { outputs, diagnostics };
    }
    const env = bindLegend(legend.value, x.shape);
    if (!env.ok) {
      error(
        `Input dims "${ctx.params.inputDims}" do not fit x (${x.shape.join(' x ') || 'scalar'}): ${env.message}; name each axis of x once.`,
        'x',
      );
      return { outputs, diagnostics };
    }
    if (weights.ok) {
      const shapes = weightShapes(weights.value, env.value);
      if (!shapes.ok) error(`Weights: ${shapes.message}.`);
    }
    if (output.ok) {
      const y = evaluateShape(output.value, env.value);
      if (y.ok) outputs['y'] = tensorType('float32', y.value);
      else
        error(
          `Output shape "${ctx.params.outputShape}": ${y.message}; use the names of Input dims (${ctx.params.inputDims}).`,
        );
    }
    return { outputs, diagnostics };
  },
  build: async (tf, params, ctx) => {
    if (!ctx.customCode)
      throw new Error(
        `Custom layer ${ctx.nodeId}: its code runs only in a training run, after it is trusted on this machine; train from the studio or with tessera train.`,
      );
    const forward = await ctx.customCode.load({ nodeId: ctx.nodeId, code: params.code });
    return createCustomLayer(tf, params, ctx, forward);
  },
  // Export: the code goes verbatim into a module of its own; customLayerFactory(forward) builds it.
  emit: {
    layerModule: 'custom/custom-layer/custom-layer.layer',
    factory: 'customLayerFactory',
    ownCode: {
      param: 'code',
      types: {
        module: 'nodes/custom/custom-layer/custom-code-types',
        names: ['ForwardContext', 'TF', 'Tensor', 'Weights'],
      },
    },
  },
});
