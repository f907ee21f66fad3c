// PyTorch forms of the remaining primitives: batch norm (running statistics folded once per step,
// as the app), dropout and the constant/parameter sources, patchify/unpatchify and the position
// encodings. Random forms draw from the sampler, which ports the app's generators.
import { channels, num, py, str, unary, type TorchForm, type TorchForward } from './torch-form';

export const miscForms: Record<string, TorchForm> = {
  'normalization/batch-norm': {
    kind: 'op',
    layer: (ctx) => ({
      module: `L.BatchNorm(${channels(ctx) ?? 'None'}, ${py(num(ctx.node, 'momentum'))}, ${py(num(ctx.node, 'eps'))}, ${py(str(ctx.node, 'useRunningStats'))})`,
      weights: {
        gamma: { param: 'gamma', layout: 'same' },
        beta: { param: 'beta', layout: 'same' },
      },
      state: { runningMean: 'running_mean', runningVar: 'running_var' },
      afterStep: true,
    }),
    forward: unary((x, ctx) => `${ctx.self}(${x})`),
  },
  'math/dropout': {
    kind: 'op',
    forward: unary(
      (x, ctx) => `L.dropout(${x}, ${py(num(ctx.node, 'rate'))}, sampler, self.training)`,
    ),
  },
  'math/constant': {
    kind: 'op',
    forward: (_i, ctx) => ({
      outputs: {
        y: `torch.full(${py(ctx.node.params['shape'])}, ${py(num(ctx.node, 'value'))}, device=sampler.device)`,
      },
    }),
  },
  'math/parameter': {
    kind: 'op',
    layer: (ctx) => ({
      module: `L.Parameter(${py(ctx.node.params['shape'])}, ${py(str(ctx.node, 'init'))})`,
      weights: { value: { param: 'value', layout: 'same' } },
    }),
    forward: (_i, ctx) => ({ outputs: { y: `${ctx.self}()` } }),
  },
  'shape/patchify': {
    kind: 'op',
    forward: (i, ctx) => ({
      outputs: { tokens: `S.patchify(${i['image']}, ${num(ctx.node, 'patch')})` },
    }),
  },
  'shape/unpatchify': {
    kind: 'op',
    forward: (i, ctx) => ({
      outputs: {
        image: `S.unpatchify(${i['tokens']}, ${num(ctx.node, 'patch')}, ${num(ctx.node, 'height')}, ${num(ctx.node, 'width')})`,
      },
    }),
  },
  'position/sinusoidal': {
    kind: 'op',
    forward: (i, ctx): TorchForward =>
      i['x'] !== undefined
        ? { outputs: { y: `S.sinusoidal_add(${i['x']}, ${py(num(ctx.node, 'maxPeriod'))})` } }
        : {
            outputs: {
              emb: `S.sinusoidal_embedding(${i['t']}, ${num(ctx.node, 'dim')}, ${py(num(ctx.node, 'maxPeriod'))})`,
            },
          },
  },
  'position/learned': {
    kind: 'op',
    layer: (ctx) => {
      const x = ctx.input('x');
      return {
        module: `S.LearnedPositions(${num(ctx.node, 'maxLength')}, ${String(x?.shape[2] ?? 'None')})`,
        weights: { table: { param: 'table', layout: 'same' } },
      };
    },
    forward: unary((x, ctx) => `${ctx.self}(${x})`),
  },
  'position/rotary': {
    kind: 'op',
    forward: unary((x, ctx) => `S.rotary(${x}, ${py(num(ctx.node, 'base'))})`),
  },
};
