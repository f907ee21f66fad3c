// Tanh, elementwise, with a second derivative that is right (see ../shared/smooth-ops).
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';
import { elementwiseLayer } from '../shared/elementwise-layer';
import { smoothTanh } from '../shared/smooth-ops';

export const createTanhLayer = (
  tf: TF,
  _params: Record<string, never>,
  _ctx?: BuildContext,
): NodeLayer => elementwiseLayer(smoothTanh(tf));
