// Primitive resampling, shape and positional-encoding nodes (see nodes/resample/*, nodes/shape/*,
// nodes/position/*).
import type { AnyNodeDefinition } from '../core/node-contract/node-definition';
import { learnedPositionsNode } from './position/learned/learned.node';
import { rotaryNode } from './position/rotary/rotary.node';
import { sinusoidalNode } from './position/sinusoidal/sinusoidal.node';
import { avgPoolNode } from './resample/avg-pool/avg-pool.node';
import { globalAvgPoolNode } from './resample/global-avg-pool/global-avg-pool.node';
import { maxPoolNode } from './resample/max-pool/max-pool.node';
import { upsampleNode } from './resample/upsample/upsample.node';
import { concatNode } from './shape/concat/concat.node';
import { flattenNode } from './shape/flatten/flatten.node';
import { patchifyNode } from './shape/patchify/patchify.node';
import { permuteNode } from './shape/permute/permute.node';
import { reshapeNode } from './shape/reshape/reshape.node';
import { sliceNode } from './shape/slice/slice.node';
import { splitNode } from './shape/split/split.node';
import { unpatchifyNode } from './shape/unpatchify/unpatchify.node';

export const shapeNodes: readonly AnyNodeDefinition[] = [
  upsampleNode,
  avgPoolNode,
  maxPoolNode,
  globalAvgPoolNode,
  reshapeNode,
  flattenNode,
  permuteNode,
  concatNode,
  splitNode,
  sliceNode,
  patchifyNode,
  unpatchifyNode,
  sinusoidalNode,
  learnedPositionsNode,
  rotaryNode,
];
