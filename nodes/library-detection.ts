// Node types of set-prediction detection (DETR): the procedural shapes detection set, the 2D sine
// position encoding, the Hungarian set loss and the box overlay preview.
import type { AnyNodeDefinition } from '../core/node-contract/node-definition';
import { boxOverlayNode } from './detection/box-overlay/box-overlay.node';
import { hungarianLossNode } from './detection/hungarian-loss/hungarian-loss.node';
import { shapesDatasetNode } from './detection/shapes-dataset/shapes-dataset.node';
import { sinePosition2dNode } from './detection/sine-position-2d/sine-position-2d.node';

export const detectionNodes: readonly AnyNodeDefinition[] = [
  shapesDatasetNode,
  sinePosition2dNode,
  hungarianLossNode,
  boxOverlayNode,
];
