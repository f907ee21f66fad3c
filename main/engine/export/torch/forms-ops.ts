// PyTorch forms of the weightless primitives: activations, elementwise math, reductions,
// resampling and shapes, losses, and the sources (datasets, noise). Each mirrors its node's
// *.layer.ts; the equivalence tests run both on the same values.
import { num, py, str, unary, type TorchForm, type TorchForward } from './torch-form';

const op = (
  forward: (inputs: Readonly<Record<string, string>>, ...rest: never[]) => TorchForward,
): TorchForm => ({
  kind: 'op',
  forward: forward as never,
});

const elementwise = (f: (x: string) => string): TorchForm => ({ kind: 'op', forward: unary(f) });

const pairLoss = (f: (p: string, t: string) => string, pred = 'prediction'): TorchForm => ({
  kind: 'op',
  forward: (i, ctx) => ({
    outputs: {
      loss: `${f(i[pred] ?? 'None', i['target'] ?? 'None')} * ${py(num(ctx.node, 'weight'))}`,
    },
  }),
});

const axesArg = (axes: unknown): string =>
  Array.isArray(axes) && axes.length > 0 ? `dim=${py(axes)}` : `dim=None`;

const reduce = (fn: 'mean' | 'sum'): TorchForm => ({
  kind: 'op',
  forward: unary((x, ctx) => {
    const axes = ctx.node.params['axes'];
    const keep = ctx.node.params['keepDims'] === true;
    if (!Array.isArray(axes) || axes.length === 0)
      return keep ? `${x}.${fn}(dim=tuple(range(${x}.dim())), keepdim=True)` : `${x}.${fn}()`;
    return `${x}.${fn}(${axesArg(axes)}, keepdim=${py(keep)})`;
  }),
});

const imageDataset = (name: string): TorchForm => ({
  kind: 'op',
  forward: (_i, ctx) => ({
    tuple: `sampler.image_batch(${py(name)}, binarize=${py(ctx.node.params['binarize'] === true)}, normalize=${py(str(ctx.node, 'normalize'))})`,
    ports: ['image', 'label'],
  }),
});

export const opForms: Record<string, TorchForm> = {
  'activation/relu': elementwise((x) => `F.relu(${x})`),
  'activation/sigmoid': elementwise((x) => `torch.sigmoid(${x})`),
  'activation/tanh': elementwise((x) => `torch.tanh(${x})`),
  'activation/silu': elementwise((x) => `F.silu(${x})`),
  'activation/leaky-relu': {
    kind: 'op',
    forward: unary((x, ctx) => `L.leaky_relu(${x}, ${py(num(ctx.node, 'alpha'))})`),
  },
  'activation/gelu': {
    kind: 'op',
    forward: unary((x, ctx) => `L.gelu(${x}, ${py(str(ctx.node, 'approximate'))})`),
  },
  'activation/softmax': {
    kind: 'op',
    forward: unary((x, ctx) => `torch.softmax(${x}, dim=${num(ctx.node, 'axis')})`),
  },
  'math/add': op((i) => ({ outputs: { y: `${i['a']} + ${i['b']}` } })),
  'math/multiply': op((i) => ({ outputs: { y: `${i['a']} * ${i['b']}` } })),
  'math/scale': {
    kind: 'op',
    forward: unary(
      (x, ctx) => `${x} * ${py(num(ctx.node, 'factor'))} + ${py(num(ctx.node, 'shift'))}`,
    ),
  },
  'math/weighted-sum': {
    kind: 'op',
    forward: (i, ctx) => {
      const terms = (['a', 'b', 'c', 'd'] as const)
        .filter((p) => i[p] !== undefined)
        .map((p) => `${i[p]} * ${py(num(ctx.node, `w${p}`))}`);
      return { outputs: { sum: terms.length > 0 ? terms.join(' + ') : 'None' } };
    },
  },
  'math/stop-gradient': elementwise((x) => `${x}.detach()`),
  'math/mean': reduce('mean'),
  'math/sum': reduce('sum'),
  'resample/upsample': {
    kind: 'op',
    forward: unary(
      (x, ctx) => `L.upsample(${x}, ${num(ctx.node, 'factor')}, ${py(str(ctx.node, 'mode'))})`,
    ),
  },
  'resample/global-avg-pool': elementwise((x) => `${x}.mean(dim=(1, 2))`),
  'shape/flatten': elementwise((x) => `${x}.reshape(${x}.shape[0], -1)`),
  'loss/mse': pairLoss((p, t) => `((${p} - ${t}) ** 2).mean()`),
  'loss/l1': pairLoss((p, t) => `(${p} - ${t}).abs().mean()`),
  'loss/bce': pairLoss((p, t) => `L.bce_with_logits(${p}, ${t})`, 'logits'),
  'data/mnist': imageDataset('mnist'),
  'data/fashion-mnist': imageDataset('fashion-mnist'),
  'noise/gaussian': {
    kind: 'op',
    forward: (_i, ctx) => ({
      outputs: {
        noise: `sampler.randn([sampler.batch_size, *${py(ctx.node.params['dims'])}], 0.0, ${py(num(ctx.node, 'std'))})`,
      },
    }),
  },
  'gan/latent-noise': {
    kind: 'op',
    forward: (_i, ctx) => {
      const shape = `[sampler.batch_size, ${num(ctx.node, 'dim')}]`;
      return {
        outputs: {
          z:
            str(ctx.node, 'distribution') === 'uniform'
              ? `sampler.rand(${shape}, -1.0, 1.0)`
              : `sampler.randn(${shape})`,
        },
      };
    },
  },
  'optimize/optimizer': { kind: 'optimizer' },
};
