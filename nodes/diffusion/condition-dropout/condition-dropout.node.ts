// diffusion/condition-dropout: replace a fraction p of the conditions by a learned null embedding.
// b batch, ... the per-example shape of the condition.
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { formatShape, tensorType, type Dim } from '../../../core/shapes/tensor-type';
import { shapesAgree, tensorInput } from '../../shared/shape-checks';
import { conditionDropoutParams } from './condition-dropout.params';
import { createConditionDropoutLayer } from './condition-dropout.layer';

/** A mask [B, L] fits a condition [B, L, ...]: the same leading dims. */
const maskFits = (mask: readonly Dim[], cond: readonly Dim[]): boolean =>
  mask.length >= 1 && mask.length < cond.length && shapesAgree(mask, cond.slice(0, mask.length));

export const conditionDropoutNode = defineNode({
  id: 'diffusion/condition-dropout',
  version: 1,
  title: 'Condition Dropout (CFG training)',
  category: 'diffusion',
  role: 'layer',
  doc:
    'Trains one network as both the conditional and the unconditional denoiser, for classifier-free guidance: ' +
    'while training, each example’s condition (class or caption embedding) is replaced with probability p by a ' +
    "learned null embedding (weight 'null', zeros at init), drawn per example from the run’s seeded generator; " +
    "at eval the condition passes unchanged. For a caption (a sequence B x L x D with its padding mask on 'mask'), " +
    "a replaced row becomes the whole learned null sequence and its mask all ones. The 'null' output is the null embedding repeated over the batch: " +
    "wire it to a sampler's nullCondition so that sampling uses the same unconditional input the model learned. " +
    'diffusers has no node for it: its training scripts do it by hand (e.g. replacing the prompt embeddings of ' +
    'a random fraction with the empty-prompt embedding, --proportion_empty_prompts); the UNet then runs with ' +
    'guidance_scale in the pipeline.',
  paper: {
    citation:
      'Ho & Salimans. Classifier-Free Diffusion Guidance. NeurIPS 2021 workshop / 2022 (Algorithm 1)',
    url: 'https://arxiv.org/abs/2207.12598',
    equation: 'c <- null with probability p_uncond (training); y = c (eval)',
  },
  inputs: [
    {
      name: 'condition',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['B', '...'],
      gradient: 'flows',
      doc: 'The condition embeddings, B x ... (per-example shape known).',
    },
    {
      name: 'mask',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['B', 'L'],
      optional: true,
      gradient: 'none',
      doc: "A caption's padding mask (Tokenizer's mask, 1 = token): passed on as 'mask' with the replaced rows all ones, since the null embedding is a whole learned sequence.",
    },
  ],
  outputs: [
    {
      name: 'y',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['B', '...'],
      gradient: 'flows',
      doc: 'The condition with a fraction p of rows replaced by the null embedding (training), or unchanged.',
    },
    {
      name: 'null',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['B', '...'],
      gradient: 'flows',
      doc: "The learned null embedding for every row, shaped like the condition: the sampler's nullCondition.",
    },
    {
      name: 'mask',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['B', 'L'],
      optional: true,
      gradient: 'none',
      doc: 'With a mask connected: the mask for y, all ones on the rows replaced by the null embedding (the keyMask of the cross-attention).',
    },
  ],
  params: conditionDropoutParams,
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const c = tensorInput(ctx, 'condition', diagnostics, { what: 'the condition embeddings' });
    if (!c) return { outputs: {}, diagnostics };
    if (c.shape.length < 1 || c.dtype !== 'float32')
      diagnostics.push({
        severity: 'error',
        port: 'condition',
        message: `The condition is ${formatShape(c.shape)} ${c.dtype}; connect float32 embeddings B x ... (embed class labels with an Embedding first).`,
      });
    else if (!c.shape.slice(1).every((d) => typeof d === 'number'))
      diagnostics.push({
        severity: 'error',
        port: 'condition',
        message: `The condition is ${formatShape(c.shape)}; the null embedding needs a known per-example shape: fix the dims after the batch.`,
      });
    const mask = tensorInput(ctx, 'mask', diagnostics, { optional: true });
    if (mask && c && !maskFits(mask.shape, c.shape))
      diagnostics.push({
        severity: 'error',
        port: 'mask',
        message: `The mask is ${formatShape(mask.shape)} but the condition is ${formatShape(c.shape)}; connect the padding mask of the same tokens (B x L for a B x L x D condition).`,
      });
    if (!(ctx.params.p >= 0 && ctx.params.p <= 1))
      diagnostics.push({ severity: 'error', message: `p is ${ctx.params.p}; set it in [0, 1].` });
    if (diagnostics.length > 0) return { outputs: {}, diagnostics };
    const t = tensorType('float32', c.shape);
    return {
      outputs: { y: t, null: t, ...(mask ? { mask: tensorType('float32', mask.shape) } : {}) },
      diagnostics,
    };
  },
  build: (tf, params, ctx) => createConditionDropoutLayer(tf, params, ctx),
  emit: {
    layerModule: 'diffusion/condition-dropout/condition-dropout.layer',
    factory: 'createConditionDropoutLayer',
  },
});
