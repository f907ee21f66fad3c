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
import type { CustomCodeLoader } from '../../../core/node-contract/custom-code';
import { UPDATES_ALL } from '../../../core/document/document.types';
import {
  isOptimizerLayer,
  type OptimizerLayer,
} from '../../../nodes/optimize/optimizer/optimizer.layer';
import { reachableSets, setState, setWeights, type LayerSet, type LayerSetKind } from './layer-set';
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
  /** Instance or handle node id (top level) -> the set it calls (nested ones: LayerSet.calls). */
  calls: Map<string, LayerSet>;
  /** Every set built, in creation order. */
  sets: readonly LayerSet[];
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
  /** The training worker's loader of trusted custom code; without it custom-code nodes refuse to build. */
  customCode?: CustomCodeLoader;
  /** Where layers report what the user should know but that does not stop the run (the run's log). */
  warn?: (message: string) => void;
}

const isModuleIo = (type: string): boolean => type === MODULE_INPUT || type === MODULE_OUTPUT;
const calledModule = (type: string): boolean => type === MODULE_INSTANCE || type === MODULE_HANDLE;

export const buildProgram = async (
  tf: TF,
  program: IRProgram,
  opts: BuildOptions,
): Promise<BuiltProgram> => {
  const created: LayerSet[] = [];

  const shared = new Map<string, LayerSet>();
  const emaLinks: EmaLink[] = [];

  const buildSet = async (
    kind: LayerSetKind,
    prefix: string,
    graph: IRGraph,
    module: IRModule | undefined,
    seedPath: string,
  ): Promise<LayerSet> => {
    const set: LayerSet = {
      kind,
      prefix,
      graph,
      layers: new Map(),
      calls: new Map(),
      ...(module ? { module } : {}),
    };
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
        ...(opts.customCode ? { customCode: opts.customCode } : {}),
        ...(opts.warn ? { warn: opts.warn } : {}),
      });
      set.layers.set(id, layer);
    }
    // Instances and handles, here or inside modules: a copy's weights live under this set's
    // prefix ('<instance>/' at the top, '<outer>/<instance>/' when nested); shared sets are global.
    for (const id of graph.order) {
      const node = graph.nodes[id];
      if (!node || !calledModule(node.type)) continue;
      const moduleId = String(node.params.module ?? '');
      const mod = program.modules[moduleId];
      if (!mod) throw new Error(`${node.label} calls module "${moduleId}", which does not exist.`);
      const mode = node.type === MODULE_INSTANCE ? String(node.params.weights ?? 'copy') : 'shared';
      if (mode === 'copy')
        set.calls.set(id, await buildSet('copy', `${prefix}${id}/`, mod, mod, `${seedPath}${id}/`));
      else if (mode === 'ema') {
        const source = await sharedSet(moduleId);
        // Same seed path as the shared set: the shadow starts equal to the shared weights.
        const shadow = await buildSet('ema', `${prefix}${id}/`, mod, mod, `${moduleId}/`);
        set.calls.set(id, shadow);
        emaLinks.push({
          instanceId: `${prefix}${id}`,
          shadow,
          source,
          decay: Number(node.params.emaDecay ?? 0.999),
        });
      } else set.calls.set(id, await sharedSet(moduleId));
    }
    return set;
  };

  const sharedSet = async (moduleId: string): Promise<LayerSet> => {
    const hit = shared.get(moduleId);
    if (hit) return hit;
    const mod = program.modules[moduleId];
    if (!mod) throw new Error(`Module "${moduleId}" does not exist.`);
    const set = await buildSet('shared', `${moduleId}/`, mod, mod, `${moduleId}/`);
    shared.set(moduleId, set);
    return set;
  };

  const top = await buildSet('top', '', program.graph, undefined, '');
  const calls = top.calls;

  const optimizers = new Map<string, OptimizerLayer>();
  for (const [id, layer] of top.layers) if (isOptimizerLayer(layer)) optimizers.set(id, layer);

  const setsOf = (id: string): { set: LayerSet; nodeId?: string }[] => {
    // '*': every set with trainable weights (EMA shadows follow their source, never trained).
    if (id === UPDATES_ALL) return created.filter((s) => s.kind !== 'ema').map((set) => ({ set }));
    // A module id: its shared set and every private copy of it (all of the module's weights).
    if (program.modules[id])
      return created
        .filter((s) => s.module?.id === id && (s.kind === 'shared' || s.kind === 'copy'))
        .map((set) => ({ set }));
    const called = calls.get(id);
    if (called) return [{ set: called }];
    if (top.layers.has(id)) return [{ set: top, nodeId: id }];
    // 'moduleId/nodeId': one node inside the module, in its shared set and in its copies.
    const slash = id.indexOf('/');
    if (slash > 0) {
      const moduleId = id.slice(0, slash);
      const inner = id.slice(slash + 1);
      return created
        .filter(
          (s) =>
            s.module?.id === moduleId &&
            (s.kind === 'shared' || s.kind === 'copy') &&
            s.layers.has(inner),
        )
        .map((set) => ({ set, nodeId: inner }));
    }
    return [];
  };

  /** A module's or instance's weights include those of the modules it calls (as parameters() does). */
  const resolveWeights = (ids: readonly string[]): Map<string, Variable> => {
    const out = new Map<string, Variable>();
    for (const id of ids)
      for (const { set, nodeId } of setsOf(id)) {
        if (nodeId !== undefined) {
          for (const [k, v] of setWeights(set))
            if (k.startsWith(`${set.prefix}${nodeId}/`)) out.set(k, v);
          continue;
        }
        for (const s of reachableSets(set)) if (s.kind !== 'ema') setWeights(s, out); // shadows follow their source, never trained
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
        } else for (const s of reachableSets(set)) for (const l of s.layers.values()) out.add(l);
      }
    return out;
  };

  return {
    tf,
    program,
    top,
    shared,
    calls,
    sets: created,
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
