// IRProgram -> layers. Every node with a definition is built once per layer set (see
// layer-set.ts); module/instance and module/handle nodes get no layer of their own but point
// at the set of the module they call. Optimizer nodes become OptimizerLayers.
import type {
  DataProvider,
  NodeLayer,
  TF,
  Variable,
} from '../../../core/node-contract/node-definition';
import {
  MODULE_HANDLE,
  MODULE_INPUT,
  MODULE_INSTANCE,
  MODULE_OUTPUT,
} from '../../../core/graph/module-types';
import type { IRGraph, IRModule, IRProgram } from '../../../core/graph/ir';
import {
  isOptimizerLayer,
  type OptimizerLayer,
} from '../../../nodes/optimize/optimizer/optimizer.layer';
import { setState, setWeights, type LayerSet, type LayerSetKind } from './layer-set';
import { deriveSeed } from './seeds';

export interface EmaLink {
  instanceId: string;
  shadow: LayerSet;
  source: LayerSet;
  decay: number;
}

export interface BuiltProgram {
  tf: TF;
  program: IRProgram;
  top: LayerSet;
  /** Module id -> the set its shared instances and handles use. */
  shared: Map<string, LayerSet>;
  /** Instance or handle node id (top level) -> the set it calls. */
  calls: Map<string, LayerSet>;
  emaLinks: EmaLink[];
  optimizers: Map<string, OptimizerLayer>;
  /** Every trainable weight, by stable key. */
  weights(): Map<string, Variable>;
  /** Non-trainable state (EMA statistics, EMA shadow weights), by stable key. */
  state(): Map<string, Variable>;
  /** Weights owned by the given node, instance or module ids (an objective's `updates`). */
  resolveWeights(ids: readonly string[]): Map<string, Variable>;
  /** Layers owned by the given ids (whose afterStep hooks run when they were updated). */
  resolveLayers(ids: readonly string[]): Set<NodeLayer>;
  dispose(): void;
}

export interface BuildOptions {
  data: DataProvider;
  seed: number;
}

const isModuleIo = (type: string): boolean => type === MODULE_INPUT || type === MODULE_OUTPUT;
const calledModule = (type: string): boolean => type === MODULE_INSTANCE || type === MODULE_HANDLE;

export const buildProgram = async (
  tf: TF,
  program: IRProgram,
  opts: BuildOptions,
): Promise<BuiltProgram> => {
  const created: LayerSet[] = [];

  const buildSet = async (
    kind: LayerSetKind,
    prefix: string,
    graph: IRGraph,
    module: IRModule | undefined,
    seedPath: string,
  ): Promise<LayerSet> => {
    const set: LayerSet = { kind, prefix, graph, layers: new Map(), ...(module ? { module } : {}) };
    created.push(set);
    for (const id of graph.order) {
      const node = graph.nodes[id];
      if (!node?.def || isModuleIo(node.type) || calledModule(node.type)) continue;
      const layer = await node.def.build(tf, node.params as never, {
        nodeId: id,
        inputs: node.inputTypes,
        outputs: node.outputTypes,
        seed: deriveSeed(opts.seed, `${seedPath}${id}`),
        data: opts.data,
      });
      set.layers.set(id, layer);
    }
    return set;
  };

  const top = await buildSet('top', '', program.graph, undefined, '');
  const shared = new Map<string, LayerSet>();
  const sharedSet = async (moduleId: string): Promise<LayerSet> => {
    const hit = shared.get(moduleId);
    if (hit) return hit;
    const mod = program.modules[moduleId];
    if (!mod) throw new Error(`Module "${moduleId}" does not exist.`);
    const set = await buildSet('shared', `${moduleId}/`, mod, mod, `${moduleId}/`);
    shared.set(moduleId, set);
    return set;
  };

  const calls = new Map<string, LayerSet>();
  const emaLinks: EmaLink[] = [];
  for (const id of program.graph.order) {
    const node = program.graph.nodes[id];
    if (!node || !calledModule(node.type)) continue;
    const moduleId = String(node.params.module ?? '');
    const mod = program.modules[moduleId];
    if (!mod) throw new Error(`${node.label} calls module "${moduleId}", which does not exist.`);
    const mode = node.type === MODULE_INSTANCE ? String(node.params.weights ?? 'shared') : 'shared';
    if (mode === 'copy') calls.set(id, await buildSet('copy', `${id}/`, mod, mod, `${id}/`));
    else if (mode === 'ema') {
      const source = await sharedSet(moduleId);
      // Same seed path as the shared set: the shadow starts equal to the shared weights.
      const shadow = await buildSet('ema', `${id}/`, mod, mod, `${moduleId}/`);
      calls.set(id, shadow);
      emaLinks.push({
        instanceId: id,
        shadow,
        source,
        decay: Number(node.params.emaDecay ?? 0.999),
      });
    } else calls.set(id, await sharedSet(moduleId));
  }

  const optimizers = new Map<string, OptimizerLayer>();
  for (const [id, layer] of top.layers) if (isOptimizerLayer(layer)) optimizers.set(id, layer);

  const setsOf = (id: string): { set: LayerSet; nodeId?: string }[] => {
    if (program.modules[id]) {
      const s = shared.get(id);
      return s ? [{ set: s }] : [];
    }
    const called = calls.get(id);
    if (called) return [{ set: called }];
    if (top.layers.has(id)) return [{ set: top, nodeId: id }];
    // 'moduleId/nodeId': one node inside a module's shared set.
    const slash = id.indexOf('/');
    if (slash > 0) {
      const s = shared.get(id.slice(0, slash));
      const inner = id.slice(slash + 1);
      if (s?.layers.has(inner)) return [{ set: s, nodeId: inner }];
    }
    return [];
  };

  const resolveWeights = (ids: readonly string[]): Map<string, Variable> => {
    const out = new Map<string, Variable>();
    for (const id of ids)
      for (const { set, nodeId } of setsOf(id)) {
        if (set.kind === 'ema') continue; // shadows follow their source, never trained
        const all = setWeights(set);
        for (const [k, v] of all)
          if (nodeId === undefined || k.startsWith(`${set.prefix}${nodeId}/`)) out.set(k, v);
      }
    return out;
  };

  const resolveLayers = (ids: readonly string[]): Set<NodeLayer> => {
    const out = new Set<NodeLayer>();
    for (const id of ids)
      for (const { set, nodeId } of setsOf(id)) {
        if (nodeId !== undefined) {
          const l = set.layers.get(nodeId);
          if (l) out.add(l);
        } else for (const l of set.layers.values()) out.add(l);
      }
    return out;
  };

  return {
    tf,
    program,
    top,
    shared,
    calls,
    emaLinks,
    optimizers,
    weights: () => {
      const out = new Map<string, Variable>();
      for (const s of created) if (s.kind !== 'ema') setWeights(s, out);
      return out;
    },
    state: () => {
      const out = new Map<string, Variable>();
      for (const s of created) {
        setState(s, out);
        if (s.kind === 'ema') setWeights(s, out);
      }
      return out;
    },
    resolveWeights,
    resolveLayers,
    dispose: () => {
      for (const s of created)
        for (const layer of s.layers.values()) {
          if (layer.dispose) layer.dispose();
          else
            for (const v of [...Object.values(layer.weights), ...Object.values(layer.state ?? {})])
              v.dispose();
        }
    },
  };
};
