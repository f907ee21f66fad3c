// Node types of online action detection (OadTR, issue 12 item 4): the procedural action-stream
// dataset, the per-frame mAP metric, and the softmax cross-entropy loss its classifiers train with
// (a general classification loss, usable by any template).
import type { AnyNodeDefinition } from '../core/node-contract/node-definition';
import { crossEntropyNode } from './loss/cross-entropy/cross-entropy.node';
import { actionStreamsNode } from './data/action-streams/action-streams.node';
import { frameMapNode } from './metric/frame-map/frame-map.node';

export const actionDetectionNodes: readonly AnyNodeDefinition[] = [
  actionStreamsNode,
  crossEntropyNode,
  frameMapNode,
];
