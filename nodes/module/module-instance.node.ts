// module/instance: calls a module. Its ports are the module's inputs and outputs (computed by
// the compiler from the module, so the static port lists are empty). Instances share weights
// unless `weights` is 'copy' (own weights) or 'ema' (a moving average of the shared weights).
import { defineNode } from '../../core/node-contract/node-definition';
import { MODULE_INSTANCE } from '../../core/graph/module-types';
import { builtByEngine } from './built-by-engine';

export const moduleInstanceNode = defineNode({
  id: MODULE_INSTANCE,
  version: 1,
  title: 'Module Instance',
  category: 'module',
  role: 'layer',
  doc: 'Calls a module, like calling an nn.Module. Two instances of one module share its weights (shared), or keep their own (copy), or track an exponential moving average of the shared weights (ema, as in EMA generators and diffusion models).',
  inputs: [],
  outputs: [],
  params: {
    module: { kind: 'string', default: '', doc: 'Id of the module to call.' },
    weights: {
      kind: 'enum',
      default: 'shared',
      options: ['shared', 'copy', 'ema'],
      doc: "shared: the module's weights; copy: its own; ema: a moving average of the shared ones.",
    },
    emaDecay: {
      kind: 'float',
      default: 0.999,
      min: 0,
      max: 1,
      doc: 'Decay of the moving average (weights = ema).',
    },
  },
  // The shapes pass computes instance types from the module; this is never called by it.
  inferShapes: () => ({
    outputs: {},
    diagnostics: [{ severity: 'error', message: 'Module instances are typed by the compiler.' }],
  }),
  build: builtByEngine(MODULE_INSTANCE),
});
