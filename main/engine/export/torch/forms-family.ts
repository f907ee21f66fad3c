// PyTorch forms of the VQ-VAE and autoregressive families (tessera_torch/vq.py,
// tessera_torch/autoregressive.py). Weights keep the app's names (a '.' or '/' becomes '_' in
// the parameter name) and tfjs layouts, so the tables list them as the app's layers create them.
import { pixelsPerExample } from '../../../../nodes/autoregressive/shared/image-shape';
import {
  channels,
  flag,
  num,
  py,
  sameLayoutWeights,
  str,
  type TorchForm,
  type TorchFormContext,
  type TorchLayer,
} from './torch-form';

/** The app's weight names with '.' and '/' as '_' (Python identifiers), layouts unchanged. */
const weightTable = (names: readonly string[]): TorchLayer['weights'] =>
  sameLayoutWeights(names, (n) => n.replace(/[./]/g, '_'));

const unit = (name: string): string[] => [`${name}.kernel`, `${name}.bias`];
const residual = (name: string): string[] => [...unit(`${name}.conv3`), ...unit(`${name}.conv1`)];
const ints = (v: unknown): number[] => (Array.isArray(v) ? v.map(Number) : []);

/** conv-encoder.layer.ts: down<i>, down<i>.res<r>.conv3/conv1, out. */
const encoderWeights = (widths: number[], res: number): string[] => [
  ...widths.flatMap((_, i) => [
    ...unit(`down${i}`),
    ...Array.from({ length: res }, (_, r) => residual(`down${i}.res${r}`)).flat(),
  ]),
  ...unit('out'),
];

/** conv-decoder.layer.ts: in, res<r>.conv3/conv1, up<i>, out. */
const decoderWeights = (widths: number[], res: number): string[] => [
  ...unit('in'),
  ...Array.from({ length: res }, (_, r) => residual(`res${r}`)).flat(),
  ...widths.flatMap((_, i) => unit(`up${i}`)),
  ...unit('out'),
];

const pixelcnnWeights = (blocks: number): string[] => {
  const k = (n: string): string[] => [`${n}/kernel`, `${n}/bias`];
  return [
    ...k('in'),
    ...Array.from({ length: blocks }, (_, i) =>
      ['down', 'conv', 'up'].flatMap((p) => k(`block${i + 1}/${p}`)),
    ).flat(),
    ...k('out1'),
    ...k('out2'),
  ];
};

const pixels = (ctx: TorchFormContext): string =>
  String(pixelsPerExample(ctx.value('x')) ?? 'None');

export const familyForms: Record<string, TorchForm> = {
  'encode/conv-encoder': {
    kind: 'op',
    layer: (ctx) => {
      const widths = ints(ctx.node.params['widths']);
      const res = num(ctx.node, 'resBlocks');
      return {
        module: `VQ.ConvEncoder(${channels(ctx) ?? 'None'}, ${py(widths)}, ${res}, ${num(ctx.node, 'outChannels')})`,
        weights: weightTable(encoderWeights(widths, res)),
      };
    },
    forward: (i, ctx) => ({ outputs: { z: `${ctx.self}(${i['x']})` } }),
  },
  'decode/conv-decoder': {
    kind: 'op',
    layer: (ctx) => {
      const widths = ints(ctx.node.params['widths']);
      const res = num(ctx.node, 'resBlocks');
      return {
        module: `VQ.ConvDecoder(${channels(ctx, 'z') ?? 'None'}, ${py(widths)}, ${res}, ${num(ctx.node, 'outChannels')}, ${py(str(ctx.node, 'outActivation'))})`,
        weights: weightTable(decoderWeights(widths, res)),
      };
    },
    forward: (i, ctx) => ({ outputs: { x: `${ctx.self}(${i['z']})` } }),
  },
  'quantize/vector-quantizer': {
    kind: 'op',
    layer: (ctx): TorchLayer => {
      const ema = flag(ctx.node, 'ema');
      return {
        module: `VQ.VectorQuantizer(${channels(ctx, 'z') ?? 'None'}, ${num(ctx.node, 'codebookSize')}, ${py(num(ctx.node, 'beta'))}, ${py(ema)}, ${py(num(ctx.node, 'emaDecay'))}, ${py(num(ctx.node, 'deadCodeThreshold'))})`,
        weights: ema ? {} : weightTable(['codebook']),
        state: ema
          ? { usage: 'usage', codebook: 'codebook', emaCount: 'ema_count', emaSum: 'ema_sum' }
          : { usage: 'usage' },
        afterStep: true,
      };
    },
    forward: (i, ctx) => ({
      tuple: `${ctx.self}(${i['z']})`,
      ports: ['quantized', 'indices', 'loss', 'perplexity', 'codebook'],
    }),
  },
  'autoregressive/fvsbn': {
    kind: 'op',
    layer: (ctx) => ({
      module: `AR.Fvsbn(${pixels(ctx)}, ${py(num(ctx.node, 'initScale'))})`,
      weights: weightTable(['w', 'b']),
    }),
    forward: (i, ctx) => ({ outputs: { logits: `${ctx.self}(${i['x']})` } }),
  },
  'autoregressive/nade': {
    kind: 'op',
    layer: (ctx) => ({
      module: `AR.Nade(${pixels(ctx)}, ${num(ctx.node, 'hidden')})`,
      weights: weightTable(['w', 'v', 'c', 'b']),
    }),
    forward: (i, ctx) => ({ outputs: { logits: `${ctx.self}(${i['x']})` } }),
  },
  'autoregressive/made': {
    kind: 'op',
    layer: (ctx) => {
      const hidden = ints(ctx.node.params['hidden']);
      const direct = flag(ctx.node, 'directConnection');
      const names = [
        ...hidden.flatMap((_, i) => [`w${i + 1}`, `b${i + 1}`]),
        'v',
        'c',
        ...(direct ? ['a'] : []),
      ];
      return {
        module: `AR.Made(${pixels(ctx)}, ${py(hidden)}, ${py(str(ctx.node, 'order'))}, ${num(ctx.node, 'maskSeed')}, ${py(direct)})`,
        weights: weightTable(names),
      };
    },
    forward: (i, ctx) => ({ tuple: `${ctx.self}(${i['x']})`, ports: ['logits', 'order'] }),
  },
  'autoregressive/pixelcnn': {
    kind: 'op',
    layer: (ctx) => {
      const n = ctx.node;
      return {
        module: `AR.Pixelcnn(${num(n, 'features')}, ${num(n, 'blocks')}, ${num(n, 'firstKernel')}, ${num(n, 'outputFeatures')})`,
        weights: weightTable(pixelcnnWeights(num(n, 'blocks'))),
      };
    },
    forward: (i, ctx) => ({ outputs: { logits: `${ctx.self}(${i['x']})` } }),
  },
  'autoregressive/bernoulli-nll': {
    kind: 'op',
    forward: (i) => ({
      tuple: `AR.bernoulli_nll(${i['logits']}, ${i['target']})`,
      ports: ['loss', 'perExample'],
    }),
  },
};
