// diffusion/diffusion-loss: the min-SNR-gamma weighted MSE of a denoiser. b batch, ... further dims.
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { formatShape, tensorType } from '../../../core/shapes/tensor-type';
import { shapesAgree, tensorInput } from '../../shared/shape-checks';
import { scheduleDiagnostics } from '../shared/schedule-diagnostics';
import { diffusionLossParams } from './diffusion-loss.params';
import { createDiffusionLossLayer } from './diffusion-loss.layer';
import { scheduleAgreement } from '../shared/schedule-params';

export const diffusionLossNode = defineNode({
  id: 'diffusion/diffusion-loss',
  version: 1,
  title: 'Diffusion Loss (min-SNR)',
  category: 'diffusion',
  role: 'loss',
  doc:
    'The mean squared error of a denoiser with the min-SNR-gamma weighting per timestep: each example’s error is ' +
    'weighted so that the loss equals min(SNR_t, gamma) times its x0 error, which keeps the nearly clean steps ' +
    '(huge SNR) from dominating and converges faster (Hang et al. 2023). Feed it the denoiser output, the Diffusion ' +
    'Step target and the same t, with the same schedule params and prediction. For the plain (unweighted) DDPM ' +
    'loss use MSE loss (loss/mse) on prediction and target instead; this node is only the weighted variant. The ' +
    'diffusers equivalent is the snr_gamma option of its train_text_to_image.py (compute_snr and ' +
    'mse_loss_weights = min(snr, gamma) / snr).',
  paper: {
    citation:
      'Hang et al. Efficient Diffusion Training via Min-SNR Weighting Strategy. ICCV 2023 (sec. 3.4)',
    url: 'https://arxiv.org/abs/2303.09556',
    equation:
      'L = mean_b w_t ||pred - target||^2, w_t = min(SNR_t, gamma)/SNR_t (eps), /(SNR_t + 1) (v), min(SNR_t, gamma) (x0)',
  },
  inputs: [
    {
      name: 'prediction',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['B', '...'],
      gradient: 'flows',
      doc: 'The denoiser output (eps, v or x0).',
    },
    {
      name: 'target',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['B', '...'],
      gradient: 'flows',
      doc: "Diffusion Step's target (same shape).",
    },
    {
      name: 't',
      kind: 'tensor',
      dtype: 'int32',
      rank: 1,
      dims: ['B'],
      gradient: 'none',
      doc: "Diffusion Step's t: the timestep of each example, 0..T-1.",
    },
  ],
  outputs: [
    {
      name: 'loss',
      kind: 'tensor',
      dtype: 'float32',
      rank: 0,
      dims: [],
      gradient: 'flows',
      doc: 'The weighted mean over the batch: a scalar.',
    },
  ],
  params: diffusionLossParams,
  agreeingParams: scheduleAgreement('follows'),
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [...scheduleDiagnostics(ctx.params)];
    const p = tensorInput(ctx, 'prediction', diagnostics, { what: 'the denoiser output' });
    const target = tensorInput(ctx, 'target', diagnostics, { what: "Diffusion Step's target" });
    const t = tensorInput(ctx, 't', diagnostics, { rank: 1, what: "Diffusion Step's t" });
    if (p && target && !shapesAgree(p.shape, target.shape))
      diagnostics.push({
        severity: 'error',
        port: 'target',
        message: `'prediction' is ${formatShape(p.shape)} but 'target' is ${formatShape(target.shape)}; the denoiser must output one value per element of its input.`,
      });
    if (t && t.dtype !== 'int32')
      diagnostics.push({
        severity: 'error',
        port: 't',
        message: `t is ${t.dtype}; connect Diffusion Step's t (int32 step indices 0..T-1).`,
      });
    if (p && t && !shapesAgree([p.shape[0] ?? '?'], t.shape))
      diagnostics.push({
        severity: 'error',
        port: 't',
        message: `t is ${formatShape(t.shape)} but the batch is ${formatShape([p.shape[0] ?? '?'])}; connect the t of the same Diffusion Step.`,
      });
    return { outputs: { loss: tensorType('float32', []) }, diagnostics };
  },
  build: (tf, params) => createDiffusionLossLayer(tf, params),
  emit: {
    layerModule: 'diffusion/diffusion-loss/diffusion-loss.layer',
    factory: 'createDiffusionLossLayer',
  },
});
