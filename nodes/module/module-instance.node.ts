// module/instance: calls a module. Its ports are the module's inputs and outputs (computed by
// the compiler from the module, so the static port lists are empty). A new instance owns its
// weights ('copy', as a new nn.Module does); 'shared' uses the module's one shared set (calling
// one nn.Module twice), 'ema' a moving average of the shared weights. Format version 1 shared by
// default; its migration writes 'shared' into those instances.
import { defineNode } from '../../core/node-contract/node-definition';
import { MODULE_INSTANCE } from '../../core/graph/module-types';
import { builtByEngine } from './built-by-engine';

export const moduleInstanceNode = defineNode({
  id: MODULE_INSTANCE,
  version: 1,
  title: 'Module Instance',
  category: 'module',
  role: 'layer',
  doc: "Calls a module, like calling an nn.Module. Each instance keeps its own weights (copy, the default), or uses the module's one shared set (shared: every shared instance with the same module params uses the same weights, as calling one nn.Module twice), or tracks an exponential moving average of the shared weights (ema, as in EMA generators and diffusion models). The module's own params (width, heads, ...) appear below and are set per instance.",
  inputs: [],
  outputs: [],
  params: {
    module: { kind: 'string', default: '', doc: 'Id of the module to call.' },
    weights: {
      kind: 'enum',
      default: 'copy',
      options: ['shared', 'copy', 'ema'],
      doc: "copy: its own weights; shared: the module's shared weights; ema: a moving average of the shared ones.",
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
