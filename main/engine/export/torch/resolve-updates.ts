// An objective's `updates` (and a stage's `frozen`) as torch names, resolved as the app's
// resolveWeights / resolveLayers resolve them (build-program.ts): a node id names that node's
// weights, an instance or handle its module set, a module id every set of that module, '*'
// every weight; a set's weights include those of the modules it calls, EMA shadows excepted.
import type { IRGraph, IRProgram } from '../../../../core/graph/ir';
import type { ModelPlan } from './emit-model';
import { torchForms } from './torch-forms';
import { attributeNames, layerNodes, reachable, setsOf, type TorchSet } from './torch-sets';

const pathOf = (set: TorchSet, id: string, attrs: Map<IRGraph, Map<string, string>>): string => {
  let m = attrs.get(set.graph);
  if (!m) attrs.set(set.graph, (m = attributeNames(set.graph)));
  return `${set.path}${m.get(id) ?? id}`;
};

/** Torch parameter names of the ids' weights, in the app's key order (each once). */
export const resolveParams = (
  plan: ModelPlan,
  program: IRProgram,
  ids: readonly string[],
): string[] => {
  const out = new Set<string>();
  const attrs = new Map<IRGraph, Map<string, string>>();
  const add = (set: TorchSet, id: string): void => {
    const layer = plan.layers.get(set.graph)?.get(id);
    for (const { param } of Object.values(layer?.weights ?? {}))
      out.add(`${pathOf(set, id, attrs)}.${param}`);
  };
  for (const id of ids)
    for (const { set, nodeId } of setsOf(plan.sets, program, id)) {
      if (nodeId !== undefined) add(set, nodeId);
      else
        for (const s of reachable(set))
          if (s.kind !== 'ema') for (const n of layerNodes(s)) add(s, n);
    }
  return [...out];
};

/** Torch paths of the ids' layers that have an after-step hook, in the app's order (each once). */
export const resolveAfterStep = (
  plan: ModelPlan,
  program: IRProgram,
  ids: readonly string[],
): string[] => {
  const out = new Set<string>();
  const attrs = new Map<IRGraph, Map<string, string>>();
  const add = (set: TorchSet, id: string): void => {
    const node = set.graph.nodes[id];
    const form = node ? torchForms[node.type] : undefined;
    if (form?.kind === 'op' && plan.layers.get(set.graph)?.get(id)?.afterStep)
      out.add(pathOf(set, id, attrs));
  };
  for (const id of ids)
    for (const { set, nodeId } of setsOf(plan.sets, program, id)) {
      if (nodeId !== undefined) add(set, nodeId);
      else for (const s of reachable(set)) for (const n of layerNodes(s)) add(s, n);
    }
  return [...out];
};
