// Node types of autoregressive density models: FVSBN, NADE, MADE, PixelCNN, pixel sampler.
import type { AnyNodeDefinition } from '../core/node-contract/node-definition';

export const autoregressiveNodes: readonly AnyNodeDefinition[] = [];
