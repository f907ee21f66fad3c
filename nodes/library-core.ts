// Node types of the core library: data, encoders, decoders, quantizers, losses, optimizers (see nodes/*/).
import type { AnyNodeDefinition } from '../core/node-contract/node-definition';

export const coreNodes: readonly AnyNodeDefinition[] = [];
