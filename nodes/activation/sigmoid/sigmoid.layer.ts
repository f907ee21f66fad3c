// Sigmoid, elementwise, with a second derivative that is right (see ../shared/smooth-ops).
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';
import { elementwiseLayer } from '../shared/elementwise-layer';
import { smoothSigmoid } from '../shared/smooth-ops';

export const createSigmoidLayer = (
  tf: TF,
  _params: Record<string, never>,
  _ctx?: BuildContext,
): NodeLayer => elementwiseLayer(smoothSigmoid(tf));
