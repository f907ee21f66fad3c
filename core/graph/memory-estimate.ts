// What a training run holds in memory, from the cost pass's numbers (pure, no tf): the weights
// (float32, every set the engine builds: shared modules once, each copy and EMA shadow its own),
// per stage the gradients of the objective that trains the most (the trainer takes one objective's
// gradients at a time), the optimizer slots of every optimizer that has trained so far (Adam and
// AdamW keep 2 per weight, RMSprop 1 plus 1 with momentum, SGD 1 with momentum and none without;
// slots live until the run ends), and the forward activations at the run's batch size, kept for
// backprop: every node's outputs once, as the cost pass counts them. The run needs its largest
// stage. Nodes whose params or activations are unknown make every figure a lower bound.
import { UPDATES_ALL } from '../document/document.types';
import { valueBytes } from './cost.pass';
import type { IRGraph, IRNode, IRProgram } from './ir';
import { MODULE_HANDLE, MODULE_INPUT, MODULE_INSTANCE, MODULE_OUTPUT } from './module-types';

/** Bytes of one float32 weight, gradient or optimizer slot. */
export const FLOAT32_BYTES = 4;

export interface NodeMemory {
  /** The node's weights (a module instance: its module's set, shared or its own copy). */
  weightBytes: number;
  /** Gradients of those weights while an objective trains them (0 when nothing does). */
  gradientBytes: number;
  /** Optimizer slots kept for those weights (Adam: 2 per weight). */
  optimizerBytes: number;
  /** The node's outputs at the run's batch size (one call, for a node inside a module). */
  activationBytes: number;
  /** The optimizer algorithms that train these weights ('adam', 'sgd'). */
  trainedBy: string[];
  /** Some of the node's params or outputs have no known size: the figures are lower bounds. */
  atLeast: boolean;
}

export interface StageMemory {
  id: string;
  name: string;
  weightBytes: number;
  gradientBytes: number;
  optimizerBytes: number;
  activationBytes: number;
  totalBytes: number;
}

export interface MemoryContributor {
  nodeId: string;
  label: string;
  bytes: number;
}

export interface MemoryEstimate {
  batchSize: number;
  /** The figures of the largest stage (weights and activations alone when there is no stage). */
  weightBytes: number;
  gradientBytes: number;
  optimizerBytes: number;
  activationBytes: number;
  /** The part of activationBytes that does not grow with the batch (parameters, codebooks, tables). */
  batchFreeActivationBytes: number;
  totalBytes: number;
  /** The stage the totals come from (undefined when there is none). */
  peakStage?: string;
  stages: StageMemory[];
  /** Top-level nodes by their own bytes (weights, their training state, outputs), largest first. */
  contributors: MemoryContributor[];
  /** Labels of the nodes whose params or activations are unknown (the totals are lower bounds). */
  unknown: string[];
}

/** Optimizer slots per weight of an optimizer node's algorithm (optimizer.layer.ts keeps these). */
export const optimizerSlots = (algorithm: unknown, momentum: unknown): number => {
  const withMomentum = typeof momentum === 'number' && momentum > 0 ? 1 : 0;
  switch (algorithm) {
    case 'sgd':
      return withMomentum;
    case 'rmsprop':
      return 1 + withMomentum;
    default:
      return 2; // adam, adamw (and the most an unknown algorithm could keep)
  }
};

/** A set of weights the engine builds once: a node's own, a module's shared set, a copy, an EMA shadow. */
interface WeightSet {
  key: string;
  params: number;
  /** EMA shadows follow their source and are never trained. */
  trainable: boolean;
}

const finiteParams = (n: IRNode): number =>
  n.cost?.params !== undefined && Number.isFinite(n.cost.params) ? n.cost.params : 0;

/** The weight sets of the top-level graph, and which set each top-level node stands for. */
const weightSets = (
  program: IRProgram,
): { sets: Map<string, WeightSet>; setsOfNode: Map<string, string[]> } => {
  const sets = new Map<string, WeightSet>();
  const setsOfNode = new Map<string, string[]>();
  const add = (nodeId: string, set: WeightSet): void => {
    if (!sets.has(set.key)) sets.set(set.key, set);
    setsOfNode.set(nodeId, [...(setsOfNode.get(nodeId) ?? []), set.key]);
  };
  for (const n of Object.values(program.graph.nodes)) {
    const params = finiteParams(n);
    if (n.type === MODULE_INSTANCE || n.type === MODULE_HANDLE) {
      const moduleId = String(n.params.module ?? '');
      const mode = n.type === MODULE_INSTANCE ? String(n.params.weights ?? 'copy') : 'shared';
      if (mode === 'copy') add(n.id, { key: `copy:${n.id}`, params, trainable: true });
      else add(n.id, { key: `module:${moduleId}`, params, trainable: true });
      if (mode === 'ema') add(n.id, { key: `ema:${n.id}`, params, trainable: false });
    } else if (params > 0) add(n.id, { key: `node:${n.id}`, params, trainable: true });
  }
  return { sets, setsOfNode };
};

/** The module ids in the program that stand for document module `id` (itself and its specialisations). */
const programModulesOf = (program: IRProgram, id: string): string[] => [
  ...(Object.prototype.hasOwnProperty.call(program.modules, id) ? [id] : []),
  ...(program.specializations?.[id] ?? []).filter((s) => s !== id),
];

class SetResolver {
  private readonly ws: ReturnType<typeof weightSets>;
  constructor(private readonly program: IRProgram) {
    this.ws = weightSets(program);
  }

  get sets(): Map<string, WeightSet> {
    return this.ws.sets;
  }

  setsOfNode(nodeId: string): string[] {
    return this.ws.setsOfNode.get(nodeId) ?? [];
  }

  /** The trainable sets that `updates` (or `frozen`) names, with their params. */
  resolve(ids: readonly string[]): Map<string, number> {
    const out = new Map<string, number>();
    const take = (key: string): void => {
      const s = this.ws.sets.get(key);
      if (s?.trainable) out.set(key, s.params);
    };
    for (const id of ids) {
      if (id === UPDATES_ALL) {
        for (const s of this.ws.sets.values()) take(s.key);
        continue;
      }
      if (Object.prototype.hasOwnProperty.call(this.program.graph.nodes, id)) {
        for (const key of this.setsOfNode(id)) take(key);
        continue;
      }
      const moduleIds = programModulesOf(this.program, id);
      if (moduleIds.length > 0) {
        for (const n of Object.values(this.program.graph.nodes))
          if (
            (n.type === MODULE_INSTANCE || n.type === MODULE_HANDLE) &&
            moduleIds.includes(String(n.params.module ?? ''))
          )
            for (const key of this.setsOfNode(n.id)) take(key);
        continue;
      }
      // 'moduleId/nodeId': one node inside a module.
      const slash = id.indexOf('/');
      if (slash > 0) {
        const inner = id.slice(slash + 1);
        for (const m of programModulesOf(this.program, id.slice(0, slash))) {
          const n = this.program.modules[m]?.nodes[inner];
          if (n && finiteParams(n) > 0) out.set(`inner:${m}/${inner}`, finiteParams(n));
        }
      }
    }
    return out;
  }
}

/**
 * Bytes of the outputs that do not mention the batch (the same at batch 1 and 2), counted as the
 * cost pass counts activations: module internals once per instance call, handles and module
 * inputs and outputs nothing.
 */
const batchFreeBytes = (program: IRProgram): number => {
  const memo = new Map<string, number>();
  const graphBytes = (graph: IRGraph, seen: ReadonlySet<string>): number => {
    let total = 0;
    for (const n of Object.values(graph.nodes)) {
      if (n.shapeStatus !== 'ok' || n.type === MODULE_INPUT || n.type === MODULE_OUTPUT) continue;
      if (n.type === MODULE_HANDLE) continue;
      if (n.type === MODULE_INSTANCE) {
        const id = String(n.params.module ?? '');
        const mod = Object.prototype.hasOwnProperty.call(program.modules, id)
          ? program.modules[id]
          : undefined;
        if (!mod || seen.has(id)) continue;
        if (!memo.has(id)) memo.set(id, graphBytes(mod, new Set([...seen, id])));
        total += memo.get(id) ?? 0;
        continue;
      }
      for (const t of Object.values(n.outputTypes)) {
        const one = valueBytes(t, 1);
        const two = valueBytes(t, 2);
        if ('bytes' in one && 'bytes' in two && one.bytes === two.bytes) total += one.bytes;
      }
    }
    return total;
  };
  return graphBytes(program.graph, new Set());
};

const sum = (m: ReadonlyMap<string, number>): number => {
  let s = 0;
  for (const v of m.values()) s += v;
  return s;
};

/**
 * The estimate for a compiled program whose cost pass ran at a whole batch size (undefined
 * otherwise). Annotates each node that has a cost with its `memory`, as analysis passes do.
 */
export const estimateMemory = (program: IRProgram): MemoryEstimate | undefined => {
  const cost = program.cost;
  if (!cost || !Number.isFinite(cost.batchSize) || !Number.isFinite(cost.activationBytes))
    return undefined;
  const resolver = new SetResolver(program);
  let weightParams = 0;
  for (const s of resolver.sets.values()) weightParams += s.params;
  const weightBytes = weightParams * FLOAT32_BYTES;
  const activationBytes = cost.activationBytes;

  // Sets each optimizer node has trained so far (its slots stay allocated), by stage.
  const trainedByOptimizer = new Map<string, Map<string, number>>();
  const algorithmsOfSet = new Map<string, Set<string>>();
  const slotsOfSet = new Map<string, number>();
  const stages: StageMemory[] = program.training.stages.map((stage) => {
    const frozen = resolver.resolve(stage.frozen ?? []);
    let gradientParams = 0;
    for (const o of stage.objectives) {
      const opt = Object.prototype.hasOwnProperty.call(program.graph.nodes, o.optimizer)
        ? program.graph.nodes[o.optimizer]
        : undefined;
      if (!opt) continue;
      const trained = resolver.resolve(o.updates);
      for (const key of frozen.keys()) trained.delete(key);
      gradientParams = Math.max(gradientParams, sum(trained));
      const held = trainedByOptimizer.get(opt.id) ?? new Map<string, number>();
      for (const [k, v] of trained) held.set(k, v);
      trainedByOptimizer.set(opt.id, held);
      const algorithm = String(opt.params.algorithm ?? 'adam');
      const slots = optimizerSlots(opt.params.algorithm ?? 'adam', opt.params.momentum);
      for (const k of trained.keys()) {
        algorithmsOfSet.set(k, (algorithmsOfSet.get(k) ?? new Set()).add(algorithm));
        slotsOfSet.set(k, Math.max(slotsOfSet.get(k) ?? 0, slots));
      }
    }
    let slotParams = 0;
    for (const [optId, held] of trainedByOptimizer) {
      const opt = program.graph.nodes[optId];
      slotParams +=
        optimizerSlots(opt?.params.algorithm ?? 'adam', opt?.params.momentum) * sum(held);
    }
    const gradientBytes = gradientParams * FLOAT32_BYTES;
    const optimizerBytes = slotParams * FLOAT32_BYTES;
    return {
      id: stage.id,
      name: stage.name || stage.id,
      weightBytes,
      gradientBytes,
      optimizerBytes,
      activationBytes,
      totalBytes: weightBytes + gradientBytes + optimizerBytes + activationBytes,
    };
  });
  const peak = stages.reduce<StageMemory | undefined>(
    (best, s) => (!best || s.totalBytes > best.totalBytes ? s : best),
    undefined,
  );

  // Per node: top-level nodes from their weight sets; nodes inside modules from their own params.
  const trainedModules = new Map<string, { slots: number; algorithms: Set<string> }>();
  // '*' trains every module, also those called only from inside other modules.
  for (const stage of program.training.stages)
    for (const o of stage.objectives) {
      const opt = program.graph.nodes[o.optimizer];
      if (!opt || !o.updates.includes(UPDATES_ALL)) continue;
      for (const id of Object.keys(program.modules)) {
        const t = trainedModules.get(id) ?? { slots: 0, algorithms: new Set<string>() };
        t.slots = Math.max(
          t.slots,
          optimizerSlots(opt.params.algorithm ?? 'adam', opt.params.momentum),
        );
        t.algorithms.add(String(opt.params.algorithm ?? 'adam'));
        trainedModules.set(id, t);
      }
    }
  for (const [key, slots] of slotsOfSet) {
    const n = key.startsWith('copy:') ? program.graph.nodes[key.slice(5)] : undefined;
    const moduleId = key.startsWith('module:') ? key.slice(7) : n ? String(n.params.module) : '';
    if (!moduleId) continue;
    const t = trainedModules.get(moduleId) ?? { slots: 0, algorithms: new Set<string>() };
    t.slots = Math.max(t.slots, slots);
    for (const a of algorithmsOfSet.get(key) ?? []) t.algorithms.add(a);
    trainedModules.set(moduleId, t);
  }
  const nodeMemory = (n: IRNode, sets: string[], moduleId?: string): NodeMemory => {
    const params = finiteParams(n);
    let slots = 0;
    const algorithms = new Set<string>();
    for (const k of sets) {
      slots = Math.max(slots, slotsOfSet.get(k) ?? 0);
      for (const a of algorithmsOfSet.get(k) ?? []) algorithms.add(a);
    }
    const inModule = moduleId === undefined ? undefined : trainedModules.get(moduleId);
    if (inModule) {
      slots = Math.max(slots, inModule.slots);
      for (const a of inModule.algorithms) algorithms.add(a);
    }
    const trained = algorithms.size > 0;
    return {
      weightBytes: params * FLOAT32_BYTES,
      gradientBytes: trained ? params * FLOAT32_BYTES : 0,
      optimizerBytes: slots * params * FLOAT32_BYTES,
      activationBytes: n.cost?.activationBytes ?? 0,
      trainedBy: [...algorithms].sort(),
      atLeast:
        n.cost?.params === undefined || n.cost.activationBytes === undefined || !!n.cost.atLeast,
    };
  };
  const contributors: MemoryContributor[] = [];
  for (const n of Object.values(program.graph.nodes)) {
    if (!n.cost) continue;
    const m = nodeMemory(n, resolver.setsOfNode(n.id));
    n.memory = m;
    const bytes = m.weightBytes + m.gradientBytes + m.optimizerBytes + m.activationBytes;
    if (bytes > 0) contributors.push({ nodeId: n.id, label: n.label, bytes });
  }
  for (const [id, mod] of Object.entries(program.modules))
    for (const n of Object.values(mod.nodes)) if (n.cost) n.memory = nodeMemory(n, [], id);
  contributors.sort((a, b) => b.bytes - a.bytes || a.label.localeCompare(b.label));

  const totals = peak ?? {
    weightBytes,
    gradientBytes: 0,
    optimizerBytes: 0,
    activationBytes,
    totalBytes: weightBytes + activationBytes,
  };
  return {
    batchSize: cost.batchSize,
    weightBytes: totals.weightBytes,
    gradientBytes: totals.gradientBytes,
    optimizerBytes: totals.optimizerBytes,
    activationBytes: totals.activationBytes,
    batchFreeActivationBytes: Math.min(batchFreeBytes(program), totals.activationBytes),
    totalBytes: totals.totalBytes,
    ...(peak ? { peakStage: peak.id } : {}),
    stages,
    contributors,
    unknown: [...new Set([...cost.unknownParams, ...cost.unknownActivations])],
  };
};
