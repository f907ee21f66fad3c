// The counts the start phases name: nodes in the document (the graph check) and layers the
// build makes (nodes with a definition, module plumbing and optimizers aside; a module's nodes
// once per specialisation).
import type { IRProgram } from '../../../core/graph/ir';
import {
  MODULE_HANDLE,
  MODULE_INPUT,
  MODULE_INSTANCE,
  MODULE_OUTPUT,
} from '../../../core/graph/module-types';

const PLUMBING = new Set([MODULE_INPUT, MODULE_OUTPUT, MODULE_INSTANCE, MODULE_HANDLE]);

const nodesIn = (graph: unknown): number => {
  const nodes = (graph as { nodes?: unknown } | null)?.nodes;
  return nodes && typeof nodes === 'object' ? Object.keys(nodes).length : 0;
};

/** Top-level nodes plus every module's nodes of a (not yet validated) document. */
export const documentNodeCount = (document: unknown): number => {
  const modules = (document as { modules?: unknown } | null)?.modules;
  const inModules =
    modules && typeof modules === 'object'
      ? Object.values(modules).reduce<number>((n, m) => n + nodesIn(m), 0)
      : 0;
  return nodesIn(document) + inModules;
};

export const programLayerCount = (program: IRProgram): number =>
  [program.graph, ...Object.values(program.modules)].reduce(
    (n, g) =>
      n +
      Object.values(g.nodes).filter(
        (node) => !PLUMBING.has(node.type) && node.def?.role !== 'optimizer',
      ).length,
    0,
  );
