// Primitive resampling, shape and positional-encoding nodes (see nodes/resample/*, nodes/shape/*,
// nodes/position/*).
import type { AnyNodeDefinition } from '../core/node-contract/node-definition';

export const shapeNodes: readonly AnyNodeDefinition[] = [];
