// PyTorch forms of the weighted primitive layers. Weights keep the app's names ('kernel',
// 'bias'); checkpoints convert the tfjs layouts (tessera_torch/checkpoint.py).
import { channels, flag, num, py, str, unary, type TorchForm } from './torch-form';

const cinOf = (c: number | undefined): string => (c === undefined ? 'None' : String(c));

export const layerForms: Record<string, TorchForm> = {
  'layers/dense': {
    kind: 'op',
    layer: (ctx) => ({
      module: `L.Dense(${cinOf(channels(ctx))}, ${num(ctx.node, 'units')}, bias=${py(flag(ctx.node, 'bias'))}, init=${py(str(ctx.node, 'init'))})`,
      weights: {
        kernel: { param: 'weight', layout: 'dense' },
        ...(flag(ctx.node, 'bias') ? { bias: { param: 'bias', layout: 'same' as const } } : {}),
      },
    }),
    forward: unary((x, ctx) => `${ctx.self}(${x})`),
  },
  'layers/conv2d': {
    kind: 'op',
    layer: (ctx) => {
      const n = ctx.node;
      return {
        module: `L.Conv2d(${cinOf(channels(ctx))}, ${num(n, 'filters')}, ${num(n, 'kernel')}, stride=${num(n, 'stride')}, padding=${py(str(n, 'padding'))}, dilation=${num(n, 'dilation')}, bias=${py(flag(n, 'bias'))}, init=${py(str(n, 'init'))})`,
        weights: {
          kernel: { param: 'weight', layout: 'conv2d' },
          ...(flag(n, 'bias') ? { bias: { param: 'bias', layout: 'same' as const } } : {}),
        },
      };
    },
    forward: unary((x, ctx) => `${ctx.self}(${x})`),
  },
  'layers/conv-transpose2d': {
    kind: 'op',
    layer: (ctx) => {
      const n = ctx.node;
      return {
        module: `L.ConvTranspose2d(${cinOf(channels(ctx))}, ${num(n, 'filters')}, ${num(n, 'kernel')}, stride=${num(n, 'stride')}, padding=${py(str(n, 'padding'))}, bias=${py(flag(n, 'bias'))}, init=${py(str(n, 'init'))})`,
        weights: {
          kernel: { param: 'weight', layout: 'conv-transpose2d' },
          ...(flag(n, 'bias') ? { bias: { param: 'bias', layout: 'same' as const } } : {}),
        },
      };
    },
    forward: unary((x, ctx) => `${ctx.self}(${x})`),
  },
};
