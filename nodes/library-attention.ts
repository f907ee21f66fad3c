// Node types of the attention family beyond softmax attention (which lives in library-vqgan):
// linear attention, the gated attention unit and FLASH.
import type { AnyNodeDefinition } from '../core/node-contract/node-definition';
import { linearAttentionNode } from './attention/linear-attention/linear-attention.node';
import { gatedAttentionUnitNode } from './attention/gated-attention-unit/gated-attention-unit.node';
import { flashNode } from './attention/flash/flash.node';

export const attentionNodes: readonly AnyNodeDefinition[] = [
  linearAttentionNode,
  gatedAttentionUnitNode,
  flashNode,
];
