// a [..., M, K], b [..., K, N] (or K x N shared over the batch) -> y [..., M, N].
import { defineNode, type PortDiagnostic } from '../../../core/node-contract/node-definition';
import { concreteDim, perExample, tensorShape } from '../../../core/node-contract/cost';
import { tensorType, type ValueType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { createMatMulLayer } from './matmul.layer';
import { matmulShape } from './matmul-shape';

export const matmulNode = defineNode({
  id: 'math/matmul',
  version: 1,
  title: 'MatMul',
  category: 'math',
  role: 'layer',
  doc: "Matrix product of the last two axes, batched over the leading ones (torch.matmul / a @ b, keras.ops.matmul): a [..., M, K] x b [..., K, N] -> [..., M, N]. The batch axes must be equal, or b may be a single K x N matrix shared over a's batch. transposeA / transposeB swap an operand's last two axes first (q @ k^T in attention is transposeB). Nothing is learned; for a learned projection use Dense.",
  inputs: [
    {
      name: 'a',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['...', 'M', 'K'],
      gradient: 'flows',
      doc: 'Left operand, at least rank 2 (K x M when transposeA).',
    },
    {
      name: 'b',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['...', 'K', 'N'],
      gradient: 'flows',
      doc: 'Right operand: same batch axes as a, or rank 2 (N x K when transposeB).',
    },
  ],
  outputs: [
    { name: 'y', kind: 'tensor', dtype: 'float32', dims: ['...', 'M', 'N'], gradient: 'flows' },
  ],
  params: {
    transposeA: { kind: 'bool', default: false, doc: "Swap a's last two axes before multiplying." },
    transposeB: { kind: 'bool', default: false, doc: "Swap b's last two axes before multiplying." },
  },
  inferShapes: (ctx) => {
    const diagnostics: PortDiagnostic[] = [];
    const a = tensorInput(ctx, 'a', diagnostics);
    const b = tensorInput(ctx, 'b', diagnostics);
    if (!a || !b) return { outputs: {}, diagnostics };
    const r = matmulShape(a.shape, b.shape, ctx.params);
    if ('diagnostic' in r) return { outputs: {}, diagnostics: [r.diagnostic] };
    const outputs: Record<string, ValueType> = { y: tensorType('float32', r.shape) };
    return { outputs, diagnostics };
  },
  // M*K*N per matrix of y (per batch element, times any other leading axes, heads).
  cost: ({ params, inputs, outputs, batchSize }) => {
    const a = tensorShape(inputs['a'], "input 'a'");
    const k = concreteDim(a, params.transposeA ? -2 : -1, batchSize, "input 'a'");
    const y = tensorShape(outputs['y'], "output 'y'");
    return { params: 0, macs: perExample(y, batchSize, "output 'y'") * k };
  },
  build: (tf, params, ctx) => createMatMulLayer(tf, params, ctx),
  emit: { layerModule: 'math/matmul/matmul.layer', factory: 'createMatMulLayer' },
});
