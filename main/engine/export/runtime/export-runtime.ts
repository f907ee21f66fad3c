// The small runtime an exported program stands on: backend selection, building layers with
// the app's seeds and weight names, the trainer's update step (same RNG, same order, same
// optimizer layers), EMA copies, and checkpoints in the app's format. It is shipped inside the
// export's support folder together with the engine files it imports.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import type {
  ApplyContext,
  DataProvider,
  NodeLayer,
  Tensor,
  Variable,
} from '../../../../core/node-contract/node-definition';
import type { BackendInfo } from '../../../../core/ipc/training-messages';
import { initBackend } from '../../backend/select-backend';
import { createRng, type SeededRng } from '../../train/rng';
import { objectiveDue, planStages } from '../../train/schedule';
import { checkpointPath, loadCheckpoint, saveCheckpoint } from '../../train/checkpoint';
import { deriveSeed } from '../../build/seeds';
import { createDataProvider } from '../../data/data-provider';
import {
  isOptimizerLayer,
  type OptimizerLayer,
} from '../../../../nodes/optimize/optimizer/optimizer.layer';
import { parseRuntimeArgs, type RuntimeArgs } from './runtime-args';
import { handleOf, out, type LayerFactory, type LayerSpec } from './layer-wiring';

export { handleOf, out, type LayerFactory, type LayerSpec };

type TF = typeof tfjs;

export interface Objective<M> {
  name: string;
  loss: (m: M, ctx: ApplyContext) => Tensor;
  optimizer: OptimizerLayer;
  /** The layers whose weights this objective updates. */
  layers: NodeLayer[];
  every: number;
  from: number;
  clipGradNorm: number;
}

export interface Stage<M> {
  name: string;
  steps: number;
  /** Layers held fixed during the stage (removed from every objective's update). */
  frozen: NodeLayer[];
  objectives: Objective<M>[];
}

export interface RuntimeConfig {
  project: string;
  seed: number;
  batchSize: number;
  checkpointEvery: number;
  argv: readonly string[];
  /** Tests may pass a data provider; the program uses the datasets Tessera reads. */
  data?: DataProvider;
}

export interface StepRecord {
  stage: number;
  step: number;
  losses: Record<string, number>;
}

export type Runtime = Awaited<ReturnType<typeof createRuntime>>;

export const createRuntime = async (tf: TF, config: RuntimeConfig) => {
  const args: RuntimeArgs = parseRuntimeArgs(
    config.argv,
    `${config.project.replace(/[^A-Za-z0-9._-]+/g, '-') || 'model'}-run`,
  );
  const backend: BackendInfo = (await initBackend({ backend: args.backend })).info;
  const log = (line: string): void => {
    if (!args.quiet) process.stdout.write(line + '\n');
  };
  log(`backend: ${backend.name} (${backend.reason})`);

  const rng: SeededRng = createRng(config.seed);
  const data = config.data ?? createDataProvider();
  /** Layer -> its weight-name stem (prefix + node id). */
  const stems = new Map<NodeLayer, string>();
  const emas: { target: NodeLayer[]; source: NodeLayer[]; decay: number }[] = [];
  const history: StepRecord[] = [];
  let step = 0;
  let stageIndex = 0;
  let ctx: ApplyContext | undefined;
  let updated: NodeLayer[] = [];

  /** Trainable weights of layers, by the app's stable key 'prefix + nodeId/name'. */
  const weightsOf = (layers: readonly NodeLayer[]): Map<string, Variable> => {
    const named = new Map<string, Variable>();
    for (const layer of layers)
      for (const [k, v] of Object.entries(layer.weights))
        named.set(`${stems.get(layer) ?? '?'}/${k}`, v);
    return named;
  };

  /** The step's context: one per global step, shared by its objectives and afterStep hooks (as in the trainer). */
  const context = (): ApplyContext =>
    (ctx ??= {
      training: true,
      step,
      batchSize: config.batchSize,
      split: 'train',
      rng,
      handles: {},
    });

  const checkpointTensors = (
    layers: readonly NodeLayer[],
  ): { tensors: Map<string, Tensor>; temporaries: Tensor[] } => {
    const tensors = new Map<string, Tensor>();
    const temporaries: Tensor[] = [];
    const shadows = new Set(emas.flatMap((e) => e.target));
    for (const l of layers) {
      const stem = stems.get(l) ?? '?';
      for (const [k, v] of Object.entries(l.weights))
        tensors.set(`${shadows.has(l) ? 'state' : 'weights'}/${stem}/${k}`, v);
      for (const [k, v] of Object.entries(l.state ?? {}))
        tensors.set(`state/${stem}/state/${k}`, v);
      if (isOptimizerLayer(l))
        for (const [k, t] of Object.entries(l.saveState())) {
          tensors.set(`optimizer/${stem}/${k}`, t);
          if (k === 't') temporaries.push(t);
        }
    }
    return { tensors, temporaries };
  };

  const checkpoint = async (layers: readonly NodeLayer[]): Promise<string> => {
    const { tensors, temporaries } = checkpointTensors(layers);
    try {
      const file = await saveCheckpoint(checkpointPath(args.out, step), tensors, {
        runId: 'export',
        documentName: config.project,
        step,
        stageIndex,
        rngState: rng.getState(),
        losses: history[history.length - 1]?.losses ?? {},
      });
      log(`checkpoint: ${file}`);
      return file;
    } finally {
      tf.dispose(temporaries);
    }
  };

  return {
    tf,
    backend,
    args,
    rng,
    history,

    async build<P>(factory: LayerFactory<P>, spec: LayerSpec<NoInfer<P>>): Promise<NodeLayer> {
      const { nodeId } = spec;
      const seed = deriveSeed(config.seed, `${spec.seedPath}${nodeId}`);
      const layer = await factory(tf, spec.params, {
        nodeId,
        inputs: spec.inputs,
        outputs: spec.outputs,
        seed,
        data,
      });
      stems.set(layer, `${spec.prefix}${nodeId}`);
      return layer;
    },

    /** The optimizer node's layer, which runs the update (Adam, AdamW, SGD, RMSprop) in tf ops. */
    optimizerOf(layer: NodeLayer): OptimizerLayer {
      if (!isOptimizerLayer(layer))
        throw new Error('An objective names a node that is not an optimizer.');
      return layer;
    },

    /** An EMA shadow (built from the same seeds, so it starts equal) follows its source after every step. */
    trackEma(target: NodeLayer[], source: NodeLayer[], decay: number): void {
      emas.push({ target, source, decay });
    },

    /** Restores weights, state, optimizer slots, RNG and step from a checkpoint (the app's or this program's). */
    async restore(layers: readonly NodeLayer[]): Promise<void> {
      if (args.resume === undefined) return;
      const ckpt = await loadCheckpoint(args.resume);
      const { tensors, temporaries } = checkpointTensors(layers);
      tf.dispose(temporaries);
      for (const [key, t] of tensors) {
        const saved = ckpt.values.get(key);
        if (!saved || key.startsWith('optimizer/')) continue;
        tf.tidy(() => (t as Variable).assign(tf.tensor(saved.data, saved.shape, saved.dtype)));
      }
      for (const l of layers) {
        if (!isOptimizerLayer(l)) continue;
        const prefix = `optimizer/${stems.get(l) ?? '?'}/`;
        const state: Record<string, Tensor> = {};
        for (const [k, saved] of ckpt.values)
          if (k.startsWith(prefix))
            state[k.slice(prefix.length)] = tf.tensor(saved.data, saved.shape, saved.dtype);
        l.loadState(state);
        tf.dispose(Object.values(state));
      }
      rng.setState(ckpt.manifest.rngState);
      step = ckpt.manifest.step;
      log(`resumed from ${args.resume} (step ${step})`);
    },

    beginStage(index: number, stage: { name: string; steps: number }): void {
      stageIndex = index;
      if (stage.steps > 0) log(`stage ${index + 1}: ${stage.name} (${stage.steps} steps)`);
    },

    /** The stages with their step counts after --steps: cut short, or the last one extended (the trainer's planStages). */
    plan<M>(stages: readonly Stage<M>[]): Stage<M>[] {
      const planned = planStages(
        stages.map((st, i) => ({ id: String(i), name: st.name, steps: st.steps, objectives: [] })),
        args.steps,
      );
      return stages.map((st, i) => ({
        ...st,
        steps: planned.find((p) => p.stageIndex === i)?.steps ?? 0,
      }));
    },

    /** Whether global step `index` (0-based) was already run before the checkpoint this run resumed from. */
    resumedPast: (index: number): boolean => index < step,

    isDue: (o: { every: number; from: number }, stepInStage: number): boolean =>
      objectiveDue(o, stepInStage),

    /**
     * One update, as the app's trainer does it: gradients of the objective's loss with respect
     * to the weights it updates (minus the stage's frozen ones), a non-finite loss stops before
     * any weight changes, and the optimizer node's layer applies them (clipping the global norm).
     * Returns the loss, or undefined when the objective has nothing to update.
     */
    minimize<M>(
      stage: Stage<M>,
      o: Objective<M>,
      loss: (ctx: ApplyContext) => Tensor,
    ): number | undefined {
      const frozen = weightsOf(stage.frozen);
      const vars = new Map([...weightsOf(o.layers)].filter(([k]) => !frozen.has(k)));
      if (vars.size === 0) return undefined;
      const keyOf = new Map([...vars].map(([k, v]) => [v.name, k]));
      const c = context();
      const value = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => loss(c) as tfjs.Scalar, [...vars.values()]);
        const v = value.dataSync()[0] ?? NaN;
        if (!Number.isFinite(v))
          throw new Error(
            `Loss of objective "${o.name}" became ${v} at step ${step + 1}; stopped before updating. Lower the learning rate or clip gradients.`,
          );
        const named: Record<string, Tensor> = {};
        const weights: Record<string, Variable> = {};
        for (const [varName, g] of Object.entries(grads)) {
          const key = keyOf.get(varName);
          const w = key ? vars.get(key) : undefined;
          if (key && w) {
            named[key] = g;
            weights[key] = w;
          }
        }
        o.optimizer.update(weights, named, o.clipGradNorm);
        return v;
      });
      updated.push(...o.layers);
      return value;
    },

    /** After the step's objectives: afterStep hooks of the updated (not frozen) layers, then EMA copies move. */
    afterStep<M>(stage: Stage<M>): void {
      const c = context();
      const frozen = new Set(stage.frozen);
      for (const layer of new Set(updated)) if (!frozen.has(layer)) layer.afterStep?.(c);
      for (const e of emas)
        tf.tidy(() => {
          e.target.forEach((shadow, i) => {
            const source = e.source[i];
            for (const [name, v] of Object.entries(shadow.weights)) {
              const s = source?.weights[name];
              if (s) v.assign(tf.add(tf.mul(v, e.decay), tf.mul(s, 1 - e.decay)));
            }
          });
        });
    },

    async endStep(
      index: number,
      stage: { name: string },
      losses: Record<string, number>,
      layers: readonly NodeLayer[],
    ): Promise<void> {
      step += 1;
      ctx = undefined;
      updated = [];
      history.push({ stage: index, step, losses });
      log(
        `step ${step} [${stage.name}] ${Object.entries(losses)
          .map(([k, v]) => `${k} ${v.toPrecision(5)}`)
          .join('  ')}`,
      );
      if (config.checkpointEvery > 0 && step % config.checkpointEvery === 0)
        await checkpoint(layers);
    },

    async finish(layers: readonly NodeLayer[]): Promise<void> {
      await checkpoint(layers);
      await mkdir(args.out, { recursive: true });
      await writeFile(path.join(args.out, 'losses.json'), JSON.stringify(history) + '\n');
      log(`done: ${step} steps; losses in ${path.join(args.out, 'losses.json')}`);
    },
  };
};
