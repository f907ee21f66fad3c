// The app's layer sets (main/engine/build/build-program.ts) mirrored for the PyTorch export: the
// top-level graph, one shared set per module used with shared weights (or through a handle, or as
// an EMA source), one set per 'copy' instance and one shadow per 'ema' instance, created in the
// app's order. Each set knows its app weight-key prefix and the torch attribute path of its
// nn.Module, so the export can name every app weight and resolve an objective's `updates` (node,
// instance, module ids, 'module/node', '*') to torch parameters and after-step layers exactly as
// the app's resolveWeights / resolveLayers do.
import { UPDATES_ALL } from '../../../../core/document/document.types';
import type { IRGraph, IRModule, IRProgram } from '../../../../core/graph/ir';
import {
  MODULE_HANDLE,
  MODULE_INPUT,
  MODULE_INSTANCE,
  MODULE_OUTPUT,
} from '../../../../core/graph/module-types';
import { PythonNames } from './python-names';

export type TorchSetKind = 'top' | 'shared' | 'copy' | 'ema';

export interface TorchSet {
  kind: TorchSetKind;
  /** App weight-key prefix: '' top level, '<module>/' shared, '<outer prefix><instance>/' copy or ema. */
  prefix: string;
  /** Dotted torch path of the set's nn.Module inside Model ('' for Model itself, with a trailing dot otherwise). */
  path: string;
  graph: IRGraph;
  module?: IRModule;
  /** Instance and handle node id in this graph -> the set it calls. */
  calls: Map<string, TorchSet>;
}

export interface EmaPlan {
  /** Torch path of the shadow module (no trailing dot). */
  shadow: string;
  /** Torch path of the shared module it follows. */
  source: string;
  decay: number;
}

export interface TorchSets {
  top: TorchSet;
  /** Every set in the app's creation order. */
  sets: TorchSet[];
  /** Module id -> the key of its shared module in Model.shared (a Python identifier). */
  sharedKeys: Map<string, string>;
  emas: EmaPlan[];
}

const isModuleIo = (type: string): boolean => type === MODULE_INPUT || type === MODULE_OUTPUT;
export const callsModule = (type: string): boolean =>
  type === MODULE_INSTANCE || type === MODULE_HANDLE;

/** The torch attribute names of one graph's nodes (unique per class, made once). */
export const attributeNames = (graph: IRGraph): Map<string, string> => {
  const names = new PythonNames();
  const out = new Map<string, string>();
  for (const id of graph.order.length > 0 ? graph.order : Object.keys(graph.nodes))
    out.set(id, names.make(id));
  return out;
};

/** An instance's weight mode: 'copy' (the default), 'shared' or 'ema'; handles are shared. */
export const instanceMode = (type: string, params: Record<string, unknown>): string =>
  type === MODULE_INSTANCE ? String(params['weights'] ?? 'copy') : 'shared';

export const planSets = (program: IRProgram): TorchSets => {
  const sets: TorchSet[] = [];
  const shared = new Map<string, TorchSet>();
  const sharedKeys = new Map<string, string>();
  const keyNames = new PythonNames();
  const emas: EmaPlan[] = [];
  const attrs = new Map<IRGraph, Map<string, string>>();
  const attrOf = (g: IRGraph, id: string): string => {
    let m = attrs.get(g);
    if (!m) attrs.set(g, (m = attributeNames(g)));
    return m.get(id) ?? id;
  };

  const build = (
    kind: TorchSetKind,
    prefix: string,
    path: string,
    graph: IRGraph,
    module?: IRModule,
  ): TorchSet => {
    const set: TorchSet = {
      kind,
      prefix,
      path,
      graph,
      calls: new Map(),
      ...(module ? { module } : {}),
    };
    sets.push(set);
    for (const id of graph.order) {
      const node = graph.nodes[id];
      if (!node || !callsModule(node.type)) continue;
      const moduleId = String(node.params['module'] ?? '');
      const mod = program.modules[moduleId];
      if (!mod) continue;
      const mode = instanceMode(node.type, node.params);
      const own = `${path}${attrOf(graph, id)}.`;
      if (mode === 'copy') set.calls.set(id, build('copy', `${prefix}${id}/`, own, mod, mod));
      else if (mode === 'ema') {
        const source = sharedSet(moduleId);
        const shadow = build('ema', `${prefix}${id}/`, own, mod, mod);
        set.calls.set(id, shadow);
        emas.push({
          shadow: own.slice(0, -1),
          source: source.path.slice(0, -1),
          decay: Number(node.params['emaDecay'] ?? 0.999),
        });
      } else set.calls.set(id, sharedSet(moduleId));
    }
    return set;
  };

  const sharedSet = (moduleId: string): TorchSet => {
    const hit = shared.get(moduleId);
    if (hit) return hit;
    const mod = program.modules[moduleId]!;
    const key = keyNames.make(moduleId, 'module');
    sharedKeys.set(moduleId, key);
    const set = build('shared', `${moduleId}/`, `shared.${key}.`, mod, mod);
    shared.set(moduleId, set);
    return set;
  };

  const top = build('top', '', '', program.graph);
  return { top, sets, sharedKeys, emas };
};

/** Torch attribute of a node inside its set's class. */
export const layerPath = (set: TorchSet, nodeId: string): string =>
  `${set.path}${attributeNames(set.graph).get(nodeId) ?? nodeId}`;

/** Nodes of a set that the app builds a layer for (everything but module io, instances, handles). */
export const layerNodes = (set: TorchSet): string[] =>
  set.graph.order.filter((id) => {
    const n = set.graph.nodes[id];
    return !!n?.def && !isModuleIo(n.type) && !callsModule(n.type);
  });

/** The set and every set it calls (each once), as the app's reachableSets. */
export const reachable = (set: TorchSet, into = new Set<TorchSet>()): Set<TorchSet> => {
  if (into.has(set)) return into;
  into.add(set);
  for (const c of set.calls.values()) reachable(c, into);
  return into;
};

/** What an objective's (or a stage's frozen) id names: whole sets, or one node in some sets. */
export const setsOf = (
  plan: TorchSets,
  program: IRProgram,
  id: string,
): { set: TorchSet; nodeId?: string }[] => {
  if (id === UPDATES_ALL) return plan.sets.filter((s) => s.kind !== 'ema').map((set) => ({ set }));
  if (program.modules[id])
    return plan.sets
      .filter((s) => s.module?.id === id && (s.kind === 'shared' || s.kind === 'copy'))
      .map((set) => ({ set }));
  const called = plan.top.calls.get(id);
  if (called) return [{ set: called }];
  if (layerNodes(plan.top).includes(id)) return [{ set: plan.top, nodeId: id }];
  const slash = id.indexOf('/');
  if (slash > 0) {
    const moduleId = id.slice(0, slash);
    const inner = id.slice(slash + 1);
    return plan.sets
      .filter(
        (s) =>
          s.module?.id === moduleId &&
          (s.kind === 'shared' || s.kind === 'copy') &&
          layerNodes(s).includes(inner),
      )
      .map((set) => ({ set, nodeId: inner }));
  }
  return [];
};
