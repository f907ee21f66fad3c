// metric/frechet-distance: sample quality of an image generator. b batch, h w spatial, c channels.
import { defineNode, type PortDiagnostic } from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { createFrechetDistanceLayer } from './frechet-distance.layer';
import { frechetDistanceParams } from './frechet-distance.params';

export const frechetDistanceNode = defineNode({
  id: 'metric/frechet-distance',
  version: 1,
  title: 'Fréchet distance',
  category: 'metric',
  role: 'metric',
  doc:
    'Sample quality as the Fréchet distance between Gaussians fitted to features of generated and of real ' +
    'held-out images (FID with a stand-in network). The features come from a small MLP classifier (784-256-64-10, ' +
    'ReLU) that Tessera trains on the dataset’s training split at build time — Adam, batch 64, seeded weights and ' +
    'batch order, so every run with the same seed uses the same feature space — and reports its test accuracy in ' +
    'the preview. Connect the generator as a model to score a fixed set of latent vectors each time it is evaluated (a scalar preview), or connect images to pool recent batches. Lower is better; real test images against other real test images give the floor. Scores are ' +
    'only comparable for the same seed, sample count and dataset, not with published Inception FIDs.',
  paper: {
    citation:
      'Heusel et al. GANs Trained by a Two Time-Scale Update Rule Converge to a Local Nash Equilibrium. NeurIPS 2017 (FID).',
    url: 'https://arxiv.org/abs/1706.08500',
    equation: 'd² = ‖μ_r − μ_g‖² + Tr(Σ_r + Σ_g − 2(Σ_r Σ_g)^{1/2})',
  },
  inputs: [
    {
      name: 'generator',
      kind: 'model',
      optional: true,
      doc: 'The generator module (a Module handle): scored on `samples` fixed latent vectors at every evaluation. Preferred.',
    },
    {
      name: 'samples',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H', 'W', 'C'],
      gradient: 'none',
      optional: true,
      doc: 'Or generated images: pooled over recent evaluations (the newest `samples` ones).',
    },
  ],
  outputs: [
    {
      name: 'distance',
      kind: 'tensor',
      dtype: 'float32',
      rank: 0,
      dims: [],
      gradient: 'none',
      doc: 'Fréchet distance (lower is better).',
    },
  ],
  params: frechetDistanceParams,
  inferShapes: ({ params, inputs, env }) => {
    const diagnostics: PortDiagnostic[] = [];
    const ds = env.datasets[params.dataset];
    if (!ds)
      diagnostics.push({
        severity: 'error',
        message: `Unknown dataset ${params.dataset}; choose one of ${Object.keys(env.datasets).join(', ') || 'the installed datasets'}.`,
      });
    else if (!ds.available)
      diagnostics.push({
        severity: 'error',
        message: `Dataset ${params.dataset} is not installed. ${ds.howToGet ?? ''}`.trim(),
      });
    const g = inputs['generator'];
    let x = inputs['samples'];
    if (g && g.kind !== 'model')
      diagnostics.push({
        severity: 'error',
        port: 'generator',
        message: 'generator takes a model: wire a Module handle of the generator module.',
      });
    if (g?.kind === 'model') {
      const ins = Object.keys(g.inputs);
      const outs = Object.values(g.outputs);
      if (ins.length !== 1 || outs.length !== 1)
        diagnostics.push({
          severity: 'error',
          port: 'generator',
          message: `The generator module must have one input (z) and one output (images); it has ${ins.length} and ${outs.length}.`,
        });
      else x = outs[0];
      if (x && inputs['samples'])
        diagnostics.push({
          severity: 'warning',
          port: 'samples',
          message:
            'Both a generator and samples are connected; the generator is used. Disconnect samples.',
        });
    }
    if (!x)
      diagnostics.push({
        severity: 'error',
        port: 'samples',
        message: 'Connect a generator (Module handle) or generated images (B x H x W x C).',
      });
    else if (x.kind !== 'tensor' || x.shape.length !== 4)
      diagnostics.push({
        severity: 'error',
        port: 'samples',
        message: 'samples must be images, B x H x W x C.',
      });
    else if (
      ds &&
      [ds.height, ds.width, ds.channels].some(
        (v, i) => typeof x.shape[i + 1] === 'number' && x.shape[i + 1] !== v,
      )
    )
      diagnostics.push({
        severity: 'error',
        port: 'samples',
        message: `Samples are ${x.shape.slice(1).join(' x ')} but ${params.dataset} images are ${ds.height} x ${ds.width} x ${ds.channels}; make the generator output that size.`,
      });
    return { outputs: { distance: tensorType('float32', []) }, diagnostics };
  },
  build: (tf, params, ctx) => createFrechetDistanceLayer(tf, params, ctx),
  emit: {
    layerModule: 'metric/frechet-distance/frechet-distance.layer',
    factory: 'createFrechetDistanceLayer',
  },
});
