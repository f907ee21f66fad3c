// ... any shape (all connected inputs alike; scalars for combining losses).
import { defineNode, type PortDiagnostic } from '../../../core/node-contract/node-definition';
import {
  formatShape,
  tensorType,
  type TensorType,
  type ValueType,
} from '../../../core/shapes/tensor-type';
import { shapesAgree, tensorInput } from '../../shared/shape-checks';
import { createWeightedSumLayer, weightedSumPorts } from './weighted-sum.layer';
import { weightlessCost } from '../../../core/node-contract/cost';

const weightParam = (port: string) =>
  ({ kind: 'float', default: 1, min: -1000, max: 1000, doc: `Weight of input ${port}.` }) as const;

export const weightedSumNode = defineNode({
  id: 'math/weighted-sum',
  version: 1,
  title: 'Weighted sum',
  category: 'math',
  role: 'layer',
  doc: 'wa*a + wb*b + wc*c + wd*d over the connected inputs. Combines losses into one objective (reconstruction + VQ loss + lambda * adversarial) or mixes tensors of one shape.',
  inputs: weightedSumPorts.map((name, i) => ({
    name,
    kind: 'tensor' as const,
    dtype: 'float32' as const,
    optional: i > 0,
    doc: `Term ${name}; all connected terms need the same shape.`,
  })),
  outputs: [
    {
      name: 'sum',
      kind: 'tensor',
      dtype: 'float32',
      doc: 'The weighted sum, shaped like the inputs.',
    },
  ],
  params: {
    wa: weightParam('a'),
    wb: weightParam('b'),
    wc: weightParam('c'),
    wd: weightParam('d'),
  },
  inferShapes: (ctx) => {
    const diagnostics: PortDiagnostic[] = [];
    let first: TensorType | undefined;
    let firstPort = '';
    for (const port of weightedSumPorts) {
      const t = tensorInput(ctx, port, diagnostics, {
        optional: port !== 'a',
        what: 'a tensor or a loss',
      });
      if (!t) continue;
      if (!first) {
        first = t;
        firstPort = port;
      } else if (!shapesAgree(first.shape, t.shape))
        diagnostics.push({
          severity: 'error',
          port,
          message: `'${port}' is ${formatShape(t.shape)} but '${firstPort}' is ${formatShape(first.shape)}; every term must have the same shape.`,
        });
    }
    const outputs: Record<string, ValueType> = first
      ? { sum: tensorType('float32', first.shape) }
      : {};
    return { outputs, diagnostics };
  },
  build: (tf, params, ctx) => createWeightedSumLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'math/weighted-sum/weighted-sum.layer', factory: 'createWeightedSumLayer' },
});
