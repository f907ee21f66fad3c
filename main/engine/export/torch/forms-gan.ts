// PyTorch forms of the GAN family (tessera_torch/gan.py): the DCGAN generator and discriminator
// (weights in the app's names and layouts), the adversarial losses and the gradient penalty,
// which calls the critic handle and differentiates it with torch.autograd.grad.
import type { ValueType } from '../../../../core/shapes/tensor-type';
import {
  flag,
  num,
  py,
  sameLayoutWeights,
  str,
  type TorchForm,
  type TorchFormContext,
} from './torch-form';

const dim = (ctx: TorchFormContext, port: string, axis: number, fallback: number): number => {
  const d = ctx.input(port)?.shape[axis];
  return typeof d === 'number' ? d : fallback;
};

/** The handle's port: the given name, or the only one of the model type (gradient-penalty.layer.ts). */
const handlePort = (
  t: ValueType | undefined,
  given: string,
  side: 'inputs' | 'outputs',
  fallback: string,
): string => {
  if (given !== '') return given;
  if (t?.kind === 'model') {
    const keys = Object.keys(t[side]);
    if (keys.length === 1) return keys[0]!;
  }
  return fallback;
};

export const ganForms: Record<string, TorchForm> = {
  'gan/dcgan-generator': {
    kind: 'op',
    layer: (ctx) => {
      const n = ctx.node;
      const bn = flag(n, 'batchNorm');
      return {
        module: `G.DcganGenerator(${dim(ctx, 'z', 1, 64)}, ${num(n, 'height')}, ${num(n, 'width')}, ${num(n, 'channels')}, ${num(n, 'baseChannels')}, ${num(n, 'kernel')}, ${py(bn)}, ${py(str(n, 'output'))})`,
        weights: sameLayoutWeights([
          'denseW',
          'denseB',
          'up1W',
          'up1B',
          'up2W',
          'up2B',
          ...(bn ? ['bn0Gamma', 'bn0Beta', 'bn1Gamma', 'bn1Beta'] : []),
        ]),
      };
    },
    forward: (i, ctx) => ({ outputs: { image: `${ctx.self}(${i['z']})` } }),
  },
  'gan/dcgan-discriminator': {
    kind: 'op',
    layer: (ctx) => {
      const n = ctx.node;
      const bn = flag(n, 'batchNorm');
      return {
        module: `G.DcganDiscriminator(${dim(ctx, 'image', 1, 28)}, ${dim(ctx, 'image', 2, 28)}, ${dim(ctx, 'image', 3, 1)}, ${num(n, 'baseChannels')}, ${num(n, 'kernel')}, ${py(str(n, 'activation'))}, ${py(num(n, 'leak'))}, ${py(str(n, 'init'))}, ${py(bn)}, ${py(flag(n, 'outputSigmoid'))})`,
        weights: sameLayoutWeights([
          'conv1W',
          'conv1B',
          'conv2W',
          'conv2B',
          'denseW',
          'denseB',
          ...(bn ? ['bnGamma', 'bnBeta'] : []),
        ]),
      };
    },
    forward: (i, ctx) => ({ outputs: { score: `${ctx.self}(${i['image']})` } }),
  },
  'gan/gan-loss': {
    kind: 'op',
    forward: (i, ctx) => {
      const call = `G.gan_loss(${i['real'] ?? 'None'}, ${i['fake']}, ${py(str(ctx.node, 'mode'))}, ${py(num(ctx.node, 'generatorWeight'))})`;
      return i['real'] === undefined
        ? { outputs: { generatorLoss: `${call}[0]` } }
        : { tuple: call, ports: ['generatorLoss', 'discriminatorLoss', 'accuracy'] };
    },
  },
  'gan/wasserstein-loss': {
    kind: 'op',
    forward: (i) => ({
      tuple: `G.wasserstein_loss(${i['real']}, ${i['fake']})`,
      ports: ['criticLoss', 'generatorLoss', 'wasserstein'],
    }),
  },
  'gan/gradient-penalty': {
    kind: 'op',
    forward: (i, ctx) => {
      const t = ctx.value('critic');
      const inPort = handlePort(t, str(ctx.node, 'criticInput'), 'inputs', 'image');
      const outPort = handlePort(t, str(ctx.node, 'criticOutput'), 'outputs', 'score');
      return {
        tuple: `G.gradient_penalty(${i['critic']}, ${i['real']}, ${i['fake']}, ${py(num(ctx.node, 'lambda'))}, ${py(inPort)}, ${py(outPort)}, sampler)`,
        ports: ['penalty', 'gradNorm'],
      };
    },
  },
};
