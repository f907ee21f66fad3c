// Node types of self-supervised learning: SimCLR's augmentation and NT-Xent loss, MAE-style patch
// masking and the masked reconstruction loss, and the linear probe that evaluates the features.
import type { AnyNodeDefinition } from '../core/node-contract/node-definition';
import { augmentNode } from './ssl/augment/augment.node';
import { linearProbeNode } from './ssl/linear-probe/linear-probe.node';
import { maskedMseNode } from './ssl/masked-mse/masked-mse.node';
import { ntXentNode } from './ssl/nt-xent/nt-xent.node';
import { patchMaskNode } from './ssl/patch-mask/patch-mask.node';

export const sslNodes: readonly AnyNodeDefinition[] = [
  augmentNode,
  ntXentNode,
  patchMaskNode,
  maskedMseNode,
  linearProbeNode,
];
