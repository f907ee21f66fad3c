// gan/gradient-penalty: WGAN-GP's penalty on the critic's gradient norm at interpolates.
// b batch, h w spatial, c channels (NHWC).
import { defineNode, type PortDiagnostic } from '../../../core/node-contract/node-definition';
import { SCALAR, scalarPort } from '../shared/scalar-ports';
import { createGradientPenaltyLayer, pickPort } from './gradient-penalty.layer';
import { gradientPenaltyParams } from './gradient-penalty.params';

const image = (name: string, doc: string) =>
  ({ name, kind: 'tensor', dtype: 'float32', rank: 4, dims: ['B', 'H', 'W', 'C'], doc }) as const;

export const gradientPenaltyNode = defineNode({
  id: 'gan/gradient-penalty',
  version: 1,
  title: 'Gradient penalty',
  category: 'gan',
  role: 'loss',
  doc:
    'WGAN-GP: mixes each real image with a generated one at a random ε, x̂ = εx + (1-ε)G(z), and penalises the ' +
    "critic's gradient norm there: λ·mean(‖∇x̂ D(x̂)‖ - 1)². Add it to the critic loss (Weighted sum). The critic " +
    'comes in as a model (a module handle) because the node differentiates it with respect to its input; use ' +
    'relu, leaky-relu or softplus in the critic (tanh and sigmoid have wrong second derivatives in tfjs) and no ' +
    'batch norm.',
  paper: {
    citation:
      'Gulrajani, Ahmed, Arjovsky, Dumoulin, Courville. Improved Training of Wasserstein GANs. NeurIPS 2017.',
    url: 'https://arxiv.org/abs/1704.00028',
    equation: 'λ E_x̂ [(‖∇_x̂ D(x̂)‖₂ − 1)²], x̂ = εx + (1−ε)x̃ (eq. 3, Algorithm 1)',
  },
  inputs: [
    { name: 'critic', kind: 'model', doc: 'The critic module (a Module handle node).' },
    image('real', 'Real images.'),
    image('fake', 'Generated images, same shape as real.'),
  ],
  outputs: [
    scalarPort('penalty', 'λ · mean (‖∇D(x̂)‖ − 1)²; add it to the critic loss.'),
    scalarPort('gradNorm', 'Mean gradient norm at the interpolates (1 is the target).', 'none'),
  ],
  params: gradientPenaltyParams,
  inferShapes: ({ inputs, params }) => {
    const diagnostics: PortDiagnostic[] = [];
    const critic = inputs['critic'];
    if (!critic)
      diagnostics.push({
        severity: 'error',
        port: 'critic',
        message:
          'Connect the critic as a model: put it in a module and wire a Module handle node here.',
      });
    else if (critic.kind !== 'model')
      diagnostics.push({
        severity: 'error',
        port: 'critic',
        message: 'critic takes a model handle, not a tensor; wire a Module handle node.',
      });
    else
      for (const [what, given, keys] of [
        ['input', params.criticInput, Object.keys(critic.inputs)],
        ['output', params.criticOutput, Object.keys(critic.outputs)],
      ] as const) {
        try {
          const name = pickPort(given, keys, what);
          if (!keys.includes(name))
            diagnostics.push({
              severity: 'error',
              port: 'critic',
              message: `The critic has no ${what} ${name}; choose one of ${keys.join(', ')}.`,
            });
        } catch (e) {
          diagnostics.push({ severity: 'error', port: 'critic', message: (e as Error).message });
        }
      }
    const real = inputs['real'];
    const fake = inputs['fake'];
    for (const [port, t] of [
      ['real', real],
      ['fake', fake],
    ] as const) {
      if (!t)
        diagnostics.push({
          severity: 'error',
          port,
          message: `Connect ${port} images (B x H x W x C).`,
        });
      else if (t.kind !== 'tensor')
        diagnostics.push({
          severity: 'error',
          port,
          message: `${port} takes images, not a model.`,
        });
    }
    if (real?.kind === 'tensor' && fake?.kind === 'tensor') {
      const a = real.shape.slice(1).join(' x ');
      const b = fake.shape.slice(1).join(' x ');
      if (a !== b)
        diagnostics.push({
          severity: 'error',
          port: 'fake',
          message: `Generated images are ${b} but real ones are ${a}; make the generator output ${a}.`,
        });
    }
    return { outputs: { penalty: SCALAR, gradNorm: SCALAR }, diagnostics };
  },
  build: (tf, params, ctx) => createGradientPenaltyLayer(tf, params, ctx),
  emit: {
    layerModule: 'gan/gradient-penalty/gradient-penalty.layer',
    factory: 'createGradientPenaltyLayer',
  },
});
