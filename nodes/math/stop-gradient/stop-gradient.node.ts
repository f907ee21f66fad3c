// ... any shape, passed through unchanged.
import { defineNode, type PortDiagnostic } from '../../../core/node-contract/node-definition';
import type { ValueType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { createStopGradientLayer } from './stop-gradient.layer';
import { weightlessCost } from '../../../core/node-contract/cost';

export const stopGradientNode = defineNode({
  id: 'math/stop-gradient',
  version: 1,
  title: 'Stop gradient',
  category: 'math',
  role: 'layer',
  doc: 'Passes its input through unchanged but blocks the gradient (sg[.] in the VQ-VAE paper): what is upstream is not trained through this path. Use it to detach generator samples for a discriminator loss or targets of a commitment loss.',
  paper: {
    citation:
      'van den Oord et al., Neural Discrete Representation Learning (2017), the sg operator of eq. 3',
  },
  inputs: [{ name: 'x', kind: 'tensor', dtype: 'float32', doc: 'Any tensor.' }],
  outputs: [
    { name: 'y', kind: 'tensor', dtype: 'float32', gradient: 'stop', doc: 'x, with no gradient.' },
  ],
  params: {},
  inferShapes: (ctx) => {
    const diagnostics: PortDiagnostic[] = [];
    const t = tensorInput(ctx, 'x', diagnostics);
    const outputs: Record<string, ValueType> = t ? { y: t } : {};
    return { outputs, diagnostics };
  },
  build: (tf, params, ctx) => createStopGradientLayer(tf, params as Record<string, never>, ctx),
  cost: weightlessCost,
  emit: {
    layerModule: 'math/stop-gradient/stop-gradient.layer',
    factory: 'createStopGradientLayer',
  },
});
