// PyTorch forms of the self-supervised nodes (tessera_torch/ssl.py): SimCLR's augmentation and
// NT-Xent, MAE-style patch masking and its masked MSE, and the linear probe. The augmentation and
// the masks are seeded by (node seed, global step), as in the app.
import { num, py, type TorchForm } from './torch-form';

const paramsOf = (node: { params: Record<string, unknown> }, keys: readonly string[]): string =>
  py(Object.fromEntries(keys.map((k) => [k, Number(node.params[k])])));

const AUGMENT = [
  'scaleMin',
  'scaleMax',
  'ratioMin',
  'ratioMax',
  'flip',
  'noiseStd',
  'brightness',
  'size',
  'seed',
];

export const sslForms: Record<string, TorchForm> = {
  'ssl/augment': {
    kind: 'op',
    forward: (i, ctx) => ({
      outputs: { view: `SSL.augment(${i['x']}, ${paramsOf(ctx.node, AUGMENT)}, sampler)` },
    }),
  },
  'ssl/nt-xent': {
    kind: 'op',
    forward: (i, ctx) => ({
      tuple: `SSL.nt_xent(${i['za']}, ${i['zb']}, ${py(num(ctx.node, 'temperature'))})`,
      ports: ['loss', 'accuracy'],
    }),
  },
  'ssl/patch-mask': {
    kind: 'op',
    forward: (i, ctx) => ({
      tuple: `SSL.patch_mask(${i['x']}, ${paramsOf(ctx.node, ['patch', 'ratio', 'fill', 'seed'])}, sampler)`,
      ports: ['masked', 'mask'],
    }),
  },
  'ssl/masked-mse': {
    kind: 'op',
    forward: (i, ctx) => ({
      outputs: {
        loss: `SSL.masked_mse(${i['prediction']}, ${i['target']}, ${i['mask']}, ${py(num(ctx.node, 'weight'))})`,
      },
    }),
  },
  'ssl/linear-probe': {
    kind: 'op',
    layer: (ctx) => {
      const f = ctx.input('features')?.shape.at(-1);
      return {
        module: `SSL.LinearProbe(${String(f ?? 'None')}, ${num(ctx.node, 'classes')})`,
        weights: {
          kernel: { param: 'kernel', layout: 'same' },
          bias: { param: 'bias', layout: 'same' },
        },
      };
    },
    forward: (i, ctx) => ({
      tuple: `${ctx.self}(${i['features']}, ${i['labels']})`,
      ports: ['logits', 'loss', 'accuracy'],
    }),
  },
};
