// Built-in module nodes: module/input, module/output, module/instance, module/handle.
import type { AnyNodeDefinition } from '../../core/node-contract/node-definition';

export const moduleNodes: readonly AnyNodeDefinition[] = [];
