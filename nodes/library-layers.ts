// Primitive layers and normalisations: Dense, Conv2D, ConvTranspose2D, Embedding, BatchNorm,
// LayerNorm, GroupNorm, RMSNorm (see nodes/layers/* and nodes/normalization/*).
import type { AnyNodeDefinition } from '../core/node-contract/node-definition';

export const layerNodes: readonly AnyNodeDefinition[] = [];
