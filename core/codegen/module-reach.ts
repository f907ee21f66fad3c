// Which module objects an exported program holds, mirroring the engine's layer sets: a module
// gets a shared instance only when something uses it shared (an instance with weights 'shared'
// or 'ema', or a handle); every 'copy' instance is a field of the class that contains it. An
// objective that updates a module trains its shared instance, every copy of it, and the shared
// modules they call (as the engine's reachable sets, or nn.Module.parameters()).
import type { IRNode } from '../graph/ir';
import { MODULE_HANDLE, MODULE_INSTANCE, orderedNodes, stringParam } from './graph-walk';
import type { ExportPlan, GraphPlan } from './plan';

type CallMode = 'copy' | 'shared' | 'ema';

export const callMode = (node: IRNode): CallMode | undefined => {
  if (node.type === MODULE_HANDLE) return 'shared';
  if (node.type !== MODULE_INSTANCE) return undefined;
  const w = stringParam(node, 'weights') ?? 'copy';
  return w === 'shared' || w === 'ema' ? w : 'copy';
};

const calls = (plan: ExportPlan, graph: GraphPlan) =>
  orderedNodes(graph.graph).flatMap((node) => {
    const mode = callMode(node);
    const callee = plan.moduleById.get(stringParam(node, 'module') ?? '');
    return mode && callee ? [{ node, mode, callee }] : [];
  });

/** Module ids that need a shared instance: used shared, as an EMA source, or by a handle, anywhere. */
export const sharedModuleIds = (plan: ExportPlan): Set<string> => {
  const used = new Set<string>();
  const seen = new Set<GraphPlan>();
  const visit = (graph: GraphPlan): void => {
    if (seen.has(graph)) return;
    seen.add(graph);
    for (const { mode, callee } of calls(plan, graph)) {
      if (mode !== 'copy') used.add(callee.moduleId);
      visit(callee);
    }
  };
  visit(plan.top);
  return used;
};

export interface ModuleObjects {
  /** Paths (on `m`) of every object of the module: its shared instance and each copy. */
  own: string[];
  /** Paths of the shared instances of the modules it calls, directly or nested. */
  called: string[];
}

export const sharedPath = (plan: ExportPlan, id: string): string =>
  `m.shared.${plan.sharedNames.get(id)}`;

/** Where the objects of module `moduleId`, and of the shared modules it calls, live. */
export const moduleObjects = (
  plan: ExportPlan,
  moduleId: string,
  shared: ReadonlySet<string>,
): ModuleObjects => {
  const own = new Set<string>();
  const called = new Set<string>();
  if (shared.has(moduleId)) own.add(sharedPath(plan, moduleId));
  // Copies of the module: walk the Model's fields and every shared instance's fields.
  const copies = (graph: GraphPlan, base: string, depth: number): void => {
    if (depth > 32) return;
    for (const { node, mode, callee } of calls(plan, graph)) {
      if (mode !== 'copy') continue;
      const path = `${base}.${graph.names.get(node.id)}`;
      if (callee.moduleId === moduleId) own.add(path);
      copies(callee, path, depth + 1);
    }
  };
  copies(plan.top, 'm', 0);
  for (const id of shared) {
    const mp = plan.moduleById.get(id);
    if (mp) copies(mp, sharedPath(plan, id), 0);
  }
  // Shared modules reachable from the module's graph, through copies too.
  const seen = new Set<string>();
  const reach = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    const mp = plan.moduleById.get(id);
    if (!mp) return;
    for (const { mode, callee } of calls(plan, mp)) {
      if (mode === 'shared') called.add(sharedPath(plan, callee.moduleId));
      if (mode !== 'ema') reach(callee.moduleId);
    }
  };
  reach(moduleId);
  return { own: [...own], called: [...called].filter((p) => !own.has(p)) };
};

export const spreadLayers = (paths: readonly string[]): string[] =>
  paths.map((p) => `...${p}.layerList()`);
