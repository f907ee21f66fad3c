// Graph queries the code generator needs: which nodes a value depends on, in topological order.
import type { IRGraph, IRNode } from '../graph/ir';

import { MODULE_HANDLE, MODULE_INPUT, MODULE_INSTANCE, MODULE_OUTPUT } from '../graph/module-types';

export { MODULE_HANDLE, MODULE_INPUT, MODULE_INSTANCE, MODULE_OUTPUT };

export const isModuleNode = (node: IRNode): boolean => node.type.startsWith('module/');
export const isOptimizer = (node: IRNode): boolean => node.def?.role === 'optimizer';

/** The graph's nodes in its topological order (falling back to sorted ids when the order is missing). */
export const orderedNodes = (graph: IRGraph): IRNode[] => {
  const ids = graph.order.length > 0 ? graph.order : Object.keys(graph.nodes).sort();
  return ids.map((id) => graph.nodes[id]).filter((n): n is IRNode => n !== undefined);
};

/**
 * `targets` and every node they depend on, in the order the engine evaluates them: depth
 * first from each target, inputs in their port order, each node once (post-order). Random
 * draws (noise, batch sampling) happen in this order, so following it exactly is what makes
 * the export reproduce the app's losses.
 */
export const ancestorsInOrder = (graph: IRGraph, targets: readonly string[]): IRNode[] => {
  const seen = new Set<string>();
  const out: IRNode[] = [];
  const visit = (id: string): void => {
    if (seen.has(id)) return;
    const node = graph.nodes[id];
    if (!node) return;
    seen.add(id);
    for (const ref of Object.values(node.inputs)) visit(ref.node);
    out.push(node);
  };
  for (const t of targets) visit(t);
  return out;
};

/** A string param, or undefined when absent or not a string. */
export const stringParam = (node: IRNode, name: string): string | undefined => {
  const v = node.params[name];
  return typeof v === 'string' ? v : undefined;
};

/** The name of a node's first output port (module input and handle nodes have exactly one). */
export const firstOutputPort = (node: IRNode): string =>
  node.def?.outputs[0]?.name ?? Object.keys(node.outputTypes)[0] ?? 'value';

/** Input ports of a node that carry a model handle rather than a tensor. */
export const modelPorts = (node: IRNode): Set<string> =>
  new Set((node.def?.inputs ?? []).filter((p) => p.kind === 'model').map((p) => p.name));
