// Primitive layers and normalisations: Dense, Conv2D, ConvTranspose2D, Embedding, BatchNorm,
// LayerNorm, GroupNorm, RMSNorm (see nodes/layers/* and nodes/normalization/*).
import type { AnyNodeDefinition } from '../core/node-contract/node-definition';
import { denseNode } from './layers/dense/dense.node';
import { conv2dNode } from './layers/conv2d/conv2d.node';
import { convTranspose2dNode } from './layers/conv-transpose2d/conv-transpose2d.node';
import { embeddingNode } from './layers/embedding/embedding.node';
import { batchNormNode } from './normalization/batch-norm/batch-norm.node';
import { layerNormNode } from './normalization/layer-norm/layer-norm.node';
import { groupNormNode } from './normalization/group-norm/group-norm.node';
import { rmsNormNode } from './normalization/rms-norm/rms-norm.node';
import { customLayerNode } from './custom/custom-layer/custom-layer.node';

export const layerNodes: readonly AnyNodeDefinition[] = [
  denseNode,
  conv2dNode,
  convTranspose2dNode,
  embeddingNode,
  batchNormNode,
  layerNormNode,
  groupNormNode,
  rmsNormNode,
  customLayerNode,
];
