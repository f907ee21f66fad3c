// PyTorch forms of shape ops, pooling, matmul, the embedding table and the channel norms
// (gamma/beta weights).
import { resolveTarget } from '../../../../nodes/shape/reshape/reshape-target';
import { channels, num, py, str, unary, type TorchForm } from './torch-form';

const axisOf = (node: { params: Record<string, unknown> }): number => Number(node.params['axis']);

const pool = (kind: 'avg' | 'max'): TorchForm => ({
  kind: 'op',
  forward: unary((x, ctx) => {
    const size = num(ctx.node, 'size');
    const stride = num(ctx.node, 'stride') === 0 ? size : num(ctx.node, 'stride');
    return `L.pool(${x}, ${py(kind)}, ${size}, ${stride}, ${py(str(ctx.node, 'padding'))})`;
  }),
});

const norm = (
  cls: string,
  extra: (n: { params: Record<string, unknown> }) => string,
  beta: boolean,
): TorchForm => ({
  kind: 'op',
  layer: (ctx) => ({
    module: `L.${cls}(${channels(ctx) ?? 'None'}, ${extra(ctx.node)}${py(num(ctx.node, 'eps'))})`,
    weights: {
      gamma: { param: 'gamma', layout: 'same' },
      ...(beta ? { beta: { param: 'beta', layout: 'same' as const } } : {}),
    },
  }),
  forward: unary((x, ctx) => `${ctx.self}(${x})`),
});

export const shapeNormForms: Record<string, TorchForm> = {
  'layers/embedding': {
    kind: 'op',
    layer: (ctx) => ({
      module: `L.Embedding(${num(ctx.node, 'vocabSize')}, ${num(ctx.node, 'dim')}, init=${py(str(ctx.node, 'init'))})`,
      weights: { table: { param: 'table', layout: 'same' } },
    }),
    forward: (i, ctx) => ({ outputs: { y: `${ctx.self}(${i['indices']})` } }),
  },
  'shape/reshape': {
    kind: 'op',
    forward: unary((x, ctx) => {
      const input = ctx.input('x')?.shape ?? [];
      const r = resolveTarget(str(ctx.node, 'shape'), input);
      const parts = (r.target ?? []).map((t) =>
        'size' in t ? String(t.size) : 'infer' in t ? '-1' : `${x}.shape[${t.axis}]`,
      );
      return `${x}.reshape(${parts.join(', ')})`;
    }),
  },
  'shape/permute': {
    kind: 'op',
    forward: unary((x, ctx) => `${x}.permute(${(ctx.node.params['perm'] as number[]).join(', ')})`),
  },
  'shape/concat': {
    kind: 'op',
    forward: (i, ctx) => ({
      outputs: {
        y: `torch.cat([${(['a', 'b', 'c', 'd'] as const)
          .filter((p) => i[p] !== undefined)
          .map((p) => i[p])
          .join(', ')}], dim=${axisOf(ctx.node)})`,
      },
    }),
  },
  'shape/split': {
    kind: 'op',
    forward: (i, ctx) => {
      const sizes = ctx.node.params['sizes'] as number[];
      const ports = sizes.map((_, k) => `out${k}`);
      return { tuple: `torch.split(${i['x']}, ${py(sizes)}, dim=${axisOf(ctx.node)})`, ports };
    },
  },
  'shape/slice': {
    kind: 'op',
    forward: unary((x, ctx) => {
      const begin = num(ctx.node, 'begin');
      const size = num(ctx.node, 'size');
      return `${x}.narrow(${axisOf(ctx.node)}, ${begin}, ${size < 0 ? `${x}.shape[${axisOf(ctx.node)}] - ${begin}` : size})`;
    }),
  },
  'math/matmul': {
    kind: 'op',
    forward: (i, ctx) => ({
      outputs: {
        y: `L.matmul(${i['a']}, ${i['b']}, ${py(ctx.node.params['transposeA'] === true)}, ${py(ctx.node.params['transposeB'] === true)})`,
      },
    }),
  },
  'resample/avg-pool': pool('avg'),
  'resample/max-pool': pool('max'),
  'normalization/layer-norm': norm('LayerNorm', () => '', true),
  'normalization/rms-norm': norm('RmsNorm', () => '', false),
  'normalization/group-norm': norm('GroupNorm', (n) => `${Number(n.params['groups'])}, `, true),
};
