// Built-in module nodes: module/input, module/output, module/instance, module/handle.
import type { AnyNodeDefinition } from '../../core/node-contract/node-definition';
import { moduleHandleNode } from './module-handle.node';
import { moduleInputNode } from './module-input.node';
import { moduleInstanceNode } from './module-instance.node';
import { moduleOutputNode } from './module-output.node';

export { moduleHandleNode, moduleInputNode, moduleInstanceNode, moduleOutputNode };

export const moduleNodes: readonly AnyNodeDefinition[] = [
  moduleInputNode,
  moduleOutputNode,
  moduleInstanceNode,
  moduleHandleNode,
];
