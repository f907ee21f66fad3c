// diffusion/condition-dropout: replace a fraction p of the conditions by a learned null embedding.
// b batch, ... the per-example shape of the condition.
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { formatShape, tensorType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { conditionDropoutParams } from './condition-dropout.params';
import { createConditionDropoutLayer } from './condition-dropout.layer';

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
    "at eval the condition passes unchanged. The 'null' output is the null embedding repeated over the batch: " +
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
    if (!(ctx.params.p >= 0 && ctx.params.p <= 1))
      diagnostics.push({ severity: 'error', message: `p is ${ctx.params.p}; set it in [0, 1].` });
    if (diagnostics.length > 0) return { outputs: {}, diagnostics };
    const t = tensorType('float32', c.shape);
    return { outputs: { y: t, null: t }, diagnostics };
  },
  build: (tf, params, ctx) => createConditionDropoutLayer(tf, params, ctx),
  emit: {
    layerModule: 'diffusion/condition-dropout/condition-dropout.layer',
    factory: 'createConditionDropoutLayer',
  },
});
