// diffusion/diagonal-gaussian: the reparameterised posterior of a KL autoencoder (the latent of
// latent diffusion). b batch, ... latent dims (h w c).
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { weightlessCost } from '../../../core/node-contract/cost';
import { formatShape, tensorType } from '../../../core/shapes/tensor-type';
import { shapesAgree, tensorInput } from '../../shared/shape-checks';
import { diagonalGaussianParams } from './diagonal-gaussian.params';
import { createDiagonalGaussianLayer } from './diagonal-gaussian.layer';

export const diagonalGaussianNode = defineNode({
  id: 'diffusion/diagonal-gaussian',
  version: 1,
  title: 'Diagonal Gaussian (KL latent)',
  category: 'diffusion',
  role: 'layer',
  doc:
    "The latent of a KL-regularised autoencoder, the first stage of latent diffusion: the encoder's output " +
    'is split into a mean and a log-variance (a Split on the channels), z = mean + exp(logvar / 2) eps is a ' +
    "reparameterised sample (eps from the run's seeded generator; gradients reach both halves), and kl = " +
    'KL(N(mean, exp(logvar)) || N(0, I)) summed over the latent and averaged over the batch, in nats per ' +
    'example. Weigh kl small (LDM: 1e-6 against a summed reconstruction loss) so that it only keeps the ' +
    'latent well-scaled and smooth; then scale the latents to unit variance before diffusing them. ' +
    "diffusers: DiagonalGaussianDistribution (AutoencoderKL's latent_dist.sample() and .kl()).",
  paper: {
    citation:
      'Kingma & Welling. Auto-Encoding Variational Bayes. ICLR 2014 (eq. 10, appendix B); Rombach et al. High-Resolution Image Synthesis with Latent Diffusion Models. CVPR 2022 (sec. 3.1, KL-reg.)',
    url: 'https://arxiv.org/abs/1312.6114',
    equation: 'z = mu + sigma * eps; KL = 1/2 sum(mu^2 + sigma^2 - 1 - log sigma^2)',
  },
  inputs: [
    {
      name: 'mean',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['B', '...'],
      gradient: 'flows',
      doc: 'Posterior mean, B x latent dims (e.g. B x 7 x 7 x 4).',
    },
    {
      name: 'logvar',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['B', '...'],
      gradient: 'flows',
      doc: 'Posterior log-variance, shaped like the mean.',
    },
  ],
  outputs: [
    {
      name: 'z',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['B', '...'],
      gradient: 'flows',
      doc: 'A sample of the posterior while training; the mean (or a sample) otherwise.',
    },
    {
      name: 'kl',
      label: 'KL',
      kind: 'tensor',
      dtype: 'float32',
      rank: 0,
      gradient: 'flows',
      doc: 'KL divergence to N(0, I), summed over the latent, mean over the batch (nats per example).',
    },
  ],
  params: diagonalGaussianParams,
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const mean = tensorInput(ctx, 'mean', diagnostics, { what: "the encoder's mean half" });
    const logvar = tensorInput(ctx, 'logvar', diagnostics, {
      what: "the encoder's log-variance half",
    });
    if (!mean || !logvar) return { outputs: {}, diagnostics };
    if (mean.shape.length < 2 || !shapesAgree(mean.shape, logvar.shape))
      diagnostics.push({
        severity: 'error',
        port: 'logvar',
        message: `logvar is ${formatShape(logvar.shape)} but mean is ${formatShape(mean.shape)}; split the encoder output into two equal halves (a Split with sizes [c, c] on the channels).`,
      });
    if (!(ctx.params.logvarMin < ctx.params.logvarMax))
      diagnostics.push({
        severity: 'error',
        message: `logvarMin (${ctx.params.logvarMin}) must be below logvarMax (${ctx.params.logvarMax}); swap them.`,
      });
    if (diagnostics.length > 0) return { outputs: {}, diagnostics };
    return {
      outputs: { z: tensorType('float32', mean.shape), kl: tensorType('float32', []) },
      diagnostics,
    };
  },
  cost: weightlessCost,
  build: (tf, params, ctx) => createDiagonalGaussianLayer(tf, params, ctx),
  emit: {
    layerModule: 'diffusion/diagonal-gaussian/diagonal-gaussian.layer',
    factory: 'createDiagonalGaussianLayer',
  },
});
