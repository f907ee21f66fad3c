// Runs, under tf.profile, what training will run: each stage's objectives (the forward pass
// to the loss, its gradient with respect to the weights the objective updates, and the
// after-step hooks) and the forward pass of the previews, on a tiny batch, attributing every
// kernel to the node that ran it. A scratch run: its own seeded RNG, no optimizer update, and
// every weight and state variable restored afterwards; nothing is left allocated.
import type {
  ApplyContext,
  NodeLayer,
  TF,
  Tensor,
  Variable,
} from '../../../core/node-contract/node-definition';
import type { BuiltProgram } from '../build/build-program';
import { evaluation } from '../build/evaluate';
import type { LayerSet } from '../build/layer-set';
import { createRng } from '../train/rng';
import { KernelAttribution, type KernelOwner, type KernelPhase } from './kernel-attribution';
import { repeatedCalls, type RepeatedCalls } from './repeated-calls';

/** One kernel one node needs, and for what. */
export interface KernelUse {
  kernel: string;
  /** The node that runs it; absent for the loss bookkeeping tf adds itself (then `lossNodeId`). */
  owner: KernelOwner | undefined;
  phase: KernelPhase;
  /** What ran: 'objective "<name>"' or 'preview "<title>"'. */
  task: string;
  /** The node feeding the objective's loss (or the preview's first source). */
  lossNodeId: string;
}

/** Something that could not be profiled: the task and why (a missing kernel, or any other error). */
export interface ProfileFailure {
  task: string;
  lossNodeId: string;
  owner: KernelOwner | undefined;
  /** The kernel tf reported missing, when that is why. */
  kernel?: string;
  message: string;
}

export interface KernelProfile {
  uses: KernelUse[];
  failures: ProfileFailure[];
  /** Every distinct kernel name, sorted. */
  kernelNames: string[];
}

/** How far the profile is: node types whose layers have run, and the task running. */
export interface ProfileProgress {
  nodeTypes: number;
  /** Distinct node types among the built layers (those no task runs need no kernels). */
  totalNodeTypes: number;
  task: string;
  /** 0-based index of the running task among `tasks`. */
  taskIndex: number;
  tasks: number;
}

export interface ProfileOptions {
  /** Rows per batch (default 2). */
  batchSize?: number;
  /** Called when a task starts and when a node type runs for the first time. */
  onProgress?: (p: ProfileProgress) => void;
}

const CHECK_SEED_SALT = 0x6b65726e; // 'kern': the scratch RNG never touches the trainer's stream

const layerSets = (built: BuiltProgram): LayerSet[] => [...built.sets];

/** The distinct node types that have a layer (optimizers and module plumbing have none). */
export const nodeTypesOf = (built: BuiltProgram): Set<string> => {
  const types = new Set<string>();
  for (const set of layerSets(built))
    for (const id of set.layers.keys()) {
      const node = set.graph.nodes[id];
      if (node && node.def?.role !== 'optimizer') types.add(node.type);
    }
  return types;
};

/** What the instrumented layers report to, for the task being profiled. */
interface Probe {
  attr: KernelAttribution | undefined;
  /** Layers applied in training mode (whose after-step stash may need dropping). */
  applied: Map<NodeLayer, KernelOwner>;
  /** Inference tasks: repeated handle calls answered from the first (repeated-calls.ts). */
  repeats: RepeatedCalls | undefined;
}

/** Replaces every layer's apply with one that attributes its kernels; returns the undo. */
const instrument = (
  built: BuiltProgram,
  probe: Probe,
  onNodeType: (type: string) => void,
): (() => void) => {
  const undo: (() => void)[] = [];
  for (const set of layerSets(built))
    for (const [id, layer] of set.layers) {
      const original = layer.apply;
      const owner: KernelOwner = {
        nodeId: id,
        label: set.graph.nodes[id]?.label ?? id,
        module: set.module?.name ?? '',
      };
      const type = set.graph.nodes[id]?.type ?? id;
      layer.apply = (inputs, ctx) => {
        if (ctx.training) probe.applied.set(layer, owner);
        const a = probe.attr;
        const repeats = probe.repeats;
        const c = repeats && !ctx.training ? { ...ctx, handles: repeats.wrap(ctx.handles) } : ctx;
        try {
          return a
            ? a.within(owner, 'forward', () => original.call(layer, inputs, c))
            : original.call(layer, inputs, c);
        } finally {
          onNodeType(type);
        }
      };
      undo.push(() => {
        layer.apply = original;
      });
    }
  return () => undo.forEach((u) => u());
};

const snapshot = (tf: TF, built: BuiltProgram): Map<Variable, Tensor> => {
  const out = new Map<Variable, Tensor>();
  for (const v of [...built.weights().values(), ...built.state().values()])
    if (!out.has(v)) out.set(v, tf.keep(tf.clone(v)));
  return out;
};

const restore = (tf: TF, saved: Map<Variable, Tensor>): void => {
  tf.tidy(() => saved.forEach((t, v) => v.assign(t)));
  tf.dispose([...saved.values()]);
};

interface Task {
  task: string;
  lossNodeId: string;
  /** A preview: inference only, where repeated model calls may be answered from the first. */
  inference: boolean;
  run: (attr: KernelAttribution, applied: Map<NodeLayer, KernelOwner>) => void;
}

const ownerOf = (built: BuiltProgram, nodeId: string): KernelOwner => ({
  nodeId,
  label: built.program.graph.nodes[nodeId]?.label ?? nodeId,
  module: '',
});

const tasksOf = (built: BuiltProgram, batchSize: number): Task[] => {
  const { tf, program } = built;
  const training = program.training;
  const tasks: Task[] = [];
  let stageStart = 0;
  for (const stage of training.stages) {
    // The stage's last step: every warm-up gate (an objective's `from`, a node's start step) that ever opens in it is open.
    const step = stageStart + Math.max(0, stage.steps - 1);
    stageStart += Math.max(0, stage.steps);
    const frozen = built.resolveWeights(stage.frozen ?? []);
    for (const objective of stage.objectives) {
      const name = objective.name || objective.id;
      const lossRef = program.graph.nodes[objective.optimizer]?.inputs.loss;
      if (!lossRef) continue; // the compiler reports a missing loss
      const vars = [...built.resolveWeights(objective.updates)]
        .filter(([k]) => !frozen.has(k))
        .map(([, v]) => v);
      tasks.push({
        task: `objective "${name}"${training.stages.length > 1 ? ` of stage "${stage.name || stage.id}"` : ''}`,
        lossNodeId: lossRef.node,
        inference: false,
        run: (attr, applied) => {
          const ctx: ApplyContext = {
            training: true,
            step,
            batchSize,
            split: 'train',
            rng: createRng(training.seed ^ CHECK_SEED_SALT),
            handles: {},
          };
          tf.tidy(() => {
            const ev = evaluation(built, ctx);
            const forward = (): Tensor => {
              const y = ev.output(lossRef);
              attr.wrapTapeGradients();
              return y;
            };
            if (vars.length > 0) tf.variableGrads(forward as never, vars);
            else forward();
          });
          // As the trainer: the after-step hooks of the updated, unfrozen layers.
          const updated = built.resolveLayers(objective.updates);
          const frozenLayers = built.resolveLayers(stage.frozen ?? []);
          for (const [layer, owner] of applied)
            if (layer.afterStep && updated.has(layer) && !frozenLayers.has(layer)) {
              applied.delete(layer);
              attr.within(owner, 'after-step', () => layer.afterStep?.(ctx));
            }
        },
      });
    }
  }
  for (const preview of program.previews) {
    const sources = preview.sources.filter((s) => program.graph.nodes[s.node] !== undefined);
    const first = sources[0];
    if (preview.kind === 'node-preview' || !first) continue;
    tasks.push({
      task: `preview "${preview.title || preview.id}"`,
      lossNodeId: first.node,
      inference: true,
      run: () => {
        const ctx: ApplyContext = {
          training: false,
          step: 0,
          batchSize,
          split: 'test',
          rng: createRng(training.seed ^ CHECK_SEED_SALT),
          handles: {},
        };
        tf.tidy(() => {
          const ev = evaluation(built, ctx);
          for (const s of sources) ev.output(s);
        });
      },
    });
  }
  return tasks;
};

/**
 * tf.profile times each kernel with the backend's async timer when it has one: an error thrown
 * by a kernel run inside another (a custom-gradient forward, like the VQ's argmin) then becomes
 * an unhandled promise rejection, which the wasm module turns into a process crash. With the
 * timer reported unavailable, the profiler runs kernels synchronously and errors reach us.
 */
const withSyncTimer = async <T>(tf: TF, fn: () => Promise<T>): Promise<T> => {
  const backend = tf.backend() as unknown as { timerAvailable: () => boolean };
  const own = Object.prototype.hasOwnProperty.call(backend, 'timerAvailable');
  const previous = backend.timerAvailable;
  backend.timerAvailable = () => false;
  try {
    return await fn();
  } finally {
    if (own) backend.timerAvailable = previous;
    else delete (backend as { timerAvailable?: unknown }).timerAvailable;
  }
};

/**
 * Profiles every objective and preview on the current backend. A task that fails (a missing
 * kernel, or anything else) is reported in `failures`; its kernels up to the failure are kept.
 */
export const profileKernels = async (
  tf: TF,
  built: BuiltProgram,
  opts: ProfileOptions = {},
): Promise<KernelProfile> => {
  const batchSize = opts.batchSize ?? 2;
  const uses: KernelUse[] = [];
  const failures: ProfileFailure[] = [];
  const probe: Probe = { attr: undefined, applied: new Map(), repeats: undefined };
  const applied = probe.applied;
  const backend = tf.getBackend();
  const isKernel = (name: string): boolean =>
    tf.getKernel(name, backend) !== undefined || tf.getKernel(name, 'cpu') !== undefined;
  const types = nodeTypesOf(built);
  const seen = new Set<string>();
  const tasks = tasksOf(built, batchSize);
  let current = 0;
  const report = (): void =>
    opts.onProgress?.({
      nodeTypes: seen.size,
      totalNodeTypes: types.size,
      task: tasks[current]?.task ?? '',
      taskIndex: current,
      tasks: tasks.length,
    });
  const onNodeType = (type: string): void => {
    if (seen.has(type) || !types.has(type)) return;
    seen.add(type);
    report();
  };
  const saved = snapshot(tf, built);
  const uninstrument = instrument(built, probe, onNodeType);
  // One memo for every preview: a model the samplers of several previews call runs once.
  const inferenceRepeats = repeatedCalls(tf);
  try {
    for (const [i, task] of tasks.entries()) {
      current = i;
      report();
      const a = new KernelAttribution(tf);
      probe.attr = a;
      probe.repeats = task.inference ? inferenceRepeats : undefined;
      applied.clear();
      let error: unknown;
      await withSyncTimer(tf, () =>
        tf.profile(() => {
          try {
            a.within(ownerOf(built, task.lossNodeId), 'forward', () => task.run(a, applied));
          } catch (e) {
            error = e;
          }
          return [];
        }),
      );
      probe.attr = undefined;
      probe.repeats = undefined;
      // tf.profile also lists tidy and custom-gradient scopes ('forward', 'unnamed scope'): keep real kernels only.
      for (const k of a.results())
        if (isKernel(k.kernel))
          uses.push({
            kernel: k.kernel,
            owner: k.owner,
            phase: k.phase,
            task: task.task,
            lossNodeId: task.lossNodeId,
          });
      if (error !== undefined) a.disposeStrandedTape();
      // Layers applied in training mode whose hook did not run (not updated here, or the run
      // failed) may hold a stash of batch statistics (the VQ's): run the hook unprofiled to drop
      // it; the state it touches is restored below.
      for (const layer of applied.keys())
        try {
          tf.tidy(() =>
            layer.afterStep?.({
              training: true,
              step: 0,
              batchSize,
              split: 'train',
              rng: createRng(1),
              handles: {},
            }),
          );
        } catch {
          // best effort: the state is restored below either way
        }
      if (error !== undefined) {
        const f = a.failure;
        failures.push({
          task: task.task,
          lossNodeId: task.lossNodeId,
          owner: f?.slot.owner,
          ...(f ? { kernel: f.kernel } : {}),
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
  } finally {
    probe.attr = undefined;
    probe.repeats = undefined;
    inferenceRepeats.dispose();
    uninstrument();
    restore(tf, saved);
  }
  return { uses, failures, kernelNames: [...new Set(uses.map((u) => u.kernel))].sort() };
};
