// PyTorch forms of the diffusion and text-conditioning nodes (tessera_torch/diffusion.py, text.py):
// the noise schedule, q_sample, the min-SNR loss, condition dropout with its learned null
// embedding, the diagonal Gaussian of a KL autoencoder, class captions, fixed prompts and the
// tokenizer. Timesteps, dropout decisions, phrasings and noise draw the app's RNG in the app's
// order. The samplers are previews (forms-sequence.ts).
import { promptRows } from '../../../../nodes/text/prompts/prompts.params';
import { num, py, str, type TorchForm, type TorchFormContext } from './torch-form';

const SCHEDULE = ['schedule', 'steps', 'betaStart', 'betaEnd', 'cosineS'] as const;

/** The schedule params every diffusion node carries, as a Python dict literal. */
const schedule = (ctx: TorchFormContext): string =>
  py(
    Object.fromEntries(
      SCHEDULE.map((k) => [k, k === 'schedule' ? str(ctx.node, k) : num(ctx.node, k)]),
    ),
  );

/** The condition's per-example shape (the null embedding's), or None when not fully known. */
const conditionRow = (ctx: TorchFormContext): string => {
  const row = ctx.input('condition')?.shape.slice(1);
  return row && row.every((d) => typeof d === 'number') ? py(row) : 'None';
};

export const diffusionForms: Record<string, TorchForm> = {
  'diffusion/noise-schedule': {
    kind: 'op',
    forward: (_i, ctx) => ({
      tuple: `DF.noise_schedule(${schedule(ctx)}, sampler.device)`,
      ports: ['betas', 'alphas', 'alphaBar'],
    }),
  },
  'diffusion/diffusion-step': {
    kind: 'op',
    forward: (i, ctx) => ({
      tuple: `DF.diffusion_step(${i['x0']}, ${schedule(ctx)}, ${py(str(ctx.node, 'prediction'))}, sampler)`,
      ports: ['xt', 't', 'eps', 'target'],
    }),
  },
  'diffusion/diffusion-loss': {
    kind: 'op',
    forward: (i, ctx) => ({
      outputs: {
        loss: `DF.diffusion_loss(${i['prediction']}, ${i['target']}, ${i['t']}, ${schedule(ctx)}, ${py(str(ctx.node, 'prediction'))}, ${py(num(ctx.node, 'gamma'))}, ${py(num(ctx.node, 'weight'))})`,
      },
    }),
  },
  'diffusion/condition-dropout': {
    kind: 'op',
    layer: (ctx) => ({
      module: `DF.ConditionDropout(${conditionRow(ctx)}, ${py(num(ctx.node, 'p'))})`,
      weights: { null: { param: 'null', layout: 'same' } },
    }),
    forward: (i, ctx) => {
      const call = `${ctx.self}(${i['condition']}, ${i['mask'] ?? 'None'}, sampler, self.training)`;
      // The mask output exists only with a mask input (the node's inferShapes).
      return i['mask'] !== undefined
        ? { tuple: call, ports: ['y', 'null', 'mask'] }
        : { tuple: `${call}[:2]`, ports: ['y', 'null'] };
    },
  },
  'diffusion/diagonal-gaussian': {
    kind: 'op',
    forward: (i, ctx) => ({
      tuple: `DF.diagonal_gaussian(${i['mean']}, ${i['logvar']}, ${py(num(ctx.node, 'logvarMin'))}, ${py(num(ctx.node, 'logvarMax'))}, ${py(str(ctx.node, 'evalOutput'))}, sampler, self.training)`,
      ports: ['z', 'kl'],
    }),
  },
  'text/class-captions': {
    kind: 'op',
    forward: (i, ctx) => ({
      outputs: {
        text: `TX.class_captions(${i['label']}, ${py(str(ctx.node, 'set'))}, ${py(str(ctx.node, 'phrasing'))}, ${num(ctx.node, 'width')}, sampler)`,
      },
    }),
  },
  'text/prompts': {
    kind: 'op',
    forward: (_i, ctx) => {
      const rows = promptRows({
        prompts: str(ctx.node, 'prompts'),
        repeat: num(ctx.node, 'repeat'),
        width: num(ctx.node, 'width'),
      });
      return {
        outputs: {
          text: `TX.encode_text_codes(${py(rows)}, ${num(ctx.node, 'width')}, sampler.device)`,
        },
      };
    },
  },
  'text/tokenizer': {
    kind: 'op',
    forward: (i, ctx) => ({
      tuple: `TX.tokenize(${i['text']}, ${py(str(ctx.node, 'vocabulary'))}, ${py(str(ctx.node, 'level'))}, ${num(ctx.node, 'length')})`,
      ports: ['tokens', 'mask'],
    }),
  },
};
