// A graph (the top level or one module) with a built layer per node. A module is built once
// per weight owner: the shared set (all 'shared' instances and handles), one per 'copy'
// instance, and one shadow per 'ema' instance (not trained, moved towards the shared set).
import type { NodeLayer, Variable } from '../../../core/node-contract/node-definition';
import type { IRGraph, IRModule } from '../../../core/graph/ir';

export type LayerSetKind = 'top' | 'shared' | 'copy' | 'ema';

export interface LayerSet {
  kind: LayerSetKind;
  /** Prefix of the stable weight keys: '' top level, '<moduleId>/' shared, '<instanceId>/' copy or ema. */
  prefix: string;
  graph: IRGraph;
  module?: IRModule;
  layers: Map<string, NodeLayer>;
  /** Instance and handle node id in this graph -> the set it calls (nested modules too). */
  calls: Map<string, LayerSet>;
}

/** The set and every set it calls, directly or through nested modules (each once). */
export const reachableSets = (set: LayerSet, into = new Set<LayerSet>()): Set<LayerSet> => {
  if (into.has(set)) return into;
  into.add(set);
  for (const c of set.calls.values()) reachableSets(c, into);
  return into;
};

/** Stable key of one weight or state variable: '<prefix><nodeId>/<name>'. */
export const weightKey = (set: LayerSet, nodeId: string, name: string): string =>
  `${set.prefix}${nodeId}/${name}`;

export const setWeights = (
  set: LayerSet,
  into = new Map<string, Variable>(),
): Map<string, Variable> => {
  for (const [nodeId, layer] of set.layers)
    for (const [name, v] of Object.entries(layer.weights))
      into.set(weightKey(set, nodeId, name), v);
  return into;
};

export const setState = (
  set: LayerSet,
  into = new Map<string, Variable>(),
): Map<string, Variable> => {
  for (const [nodeId, layer] of set.layers)
    for (const [name, v] of Object.entries(layer.state ?? {}))
      into.set(weightKey(set, nodeId, `state/${name}`), v);
  return into;
};
