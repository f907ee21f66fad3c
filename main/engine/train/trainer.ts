// The trainer core: one global step runs the current stage's due objectives in order. Each
// objective evaluates its loss with tf.variableGrads over only the weights it updates (minus
// the stage's frozen ones), stops on a non-finite loss before touching any weight, and hands
// the gradients to its optimizer (which clips the global norm). Then the afterStep hooks of the
// updated layers run and EMA module copies move. Everything runs inside tf.tidy.
import type { ApplyContext, Tensor, Variable } from '../../../core/node-contract/node-definition';
import type { BuiltProgram } from '../build/build-program';
import { evaluation } from '../build/evaluate';
import { createRng, type SeededRng } from './rng';
import { locate, objectiveDue, planStages, totalSteps, type StagePlan } from './schedule';
import type { LoadedCheckpoint } from './checkpoint';
import { shardAfterStepRng, shardContext, shardDataLayers, type TrainerShard } from './shard';

export class NonFiniteLossError extends Error {
  constructor(
    readonly step: number,
    readonly objective: string,
    readonly nodeId: string,
    readonly value: number,
  ) {
    super(
      `Loss of objective "${objective}" became ${value} at step ${step + 1} (loss node ${nodeId}); training stopped and the last good checkpoint is kept. Lower the learning rate, clip gradients, or check the loss inputs.`,
    );
  }
}

export interface StepReport {
  /** Global steps completed after this step (1-based). */
  step: number;
  stageIndex: number;
  stageName: string;
  losses: Record<string, number>;
  metrics: Record<string, number>;
}

export interface TrainerOptions {
  /** Total steps for the run (overrides the stages' sum). */
  steps?: number;
  /**
   * Data-parallel worker (count > 1 only; see train/shard.ts): this trainer computes on its shard of
   * every global batch and averages gradients, losses and after-step state with its peers.
   * Absent (the default): the single-worker path, unchanged.
   */
  shard?: TrainerShard;
}

export class Trainer {
  readonly plan: StagePlan[];
  readonly total: number;
  readonly rng: SeededRng;
  /** Global steps completed. */
  step = 0;
  lastLosses: Record<string, number> = {};
  private warned = new Set<string>();
  private readonly shard: TrainerShard | undefined;

  constructor(
    readonly built: BuiltProgram,
    opts: TrainerOptions = {},
    readonly onWarning: (message: string) => void = () => undefined,
  ) {
    const training = built.program.training;
    this.plan = planStages(training.stages, opts.steps);
    this.total = totalSteps(this.plan);
    this.rng = createRng(training.seed);
    this.shard = opts.shard !== undefined && opts.shard.count > 1 ? opts.shard : undefined;
    if (this.shard) shardDataLayers(built);
  }

  get done(): boolean {
    return this.step >= this.total;
  }

  get batchSize(): number {
    return this.built.program.training.batchSize;
  }

  get stageIndex(): number {
    return locate(this.plan, Math.min(this.step, this.total - 1))?.plan.stageIndex ?? 0;
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.onWarning(message);
  }

  /** Runs one global step. Throws NonFiniteLossError (weights untouched) on a NaN/Inf loss. */
  runStep(): StepReport {
    const { tf, program } = this.built;
    const where = locate(this.plan, this.step);
    if (!where) throw new Error('Training is already complete.');
    const { stage } = where.plan;
    const sh = this.shard;
    const baseCtx: ApplyContext = {
      training: true,
      step: this.step,
      batchSize: this.batchSize,
      split: 'train',
      rng: this.rng,
      handles: {},
    };
    const ctx = sh ? shardContext(baseCtx, sh) : baseCtx;
    const frozenIds = stage.frozen ?? [];
    const frozen = this.built.resolveWeights(frozenIds);
    const losses: Record<string, number> = {};
    const metrics: Record<string, number> = {};
    const updatedIds: string[] = [];

    for (const objective of stage.objectives) {
      if (!objectiveDue(objective, where.stageStep)) continue;
      const name = objective.name || objective.id;
      const optimizer = this.built.optimizers.get(objective.optimizer);
      const lossRef = program.graph.nodes[objective.optimizer]?.inputs.loss;
      if (!optimizer || !lossRef)
        throw new Error(
          `Objective "${name}": optimizer ${objective.optimizer} is missing or has no loss connected.`,
        );
      const vars = new Map(
        [...this.built.resolveWeights(objective.updates)].filter(([k]) => !frozen.has(k)),
      );
      if (vars.size === 0) {
        this.warnOnce(
          `empty:${name}`,
          `Objective "${name}" has no trainable weights to update in stage "${stage.name}"; it is skipped.`,
        );
        continue;
      }
      const keyOf = new Map<string, string>([...vars].map(([k, v]) => [v.name, k]));
      const ev = evaluation(this.built, ctx, { collectScalars: true });
      try {
        tf.tidy(() => {
          const { value, grads } = tf.variableGrads(
            () => ev.output(lossRef) as never,
            [...vars.values()],
          );
          let lossValue = value.dataSync()[0] ?? NaN;
          if (sh) {
            // Data-parallel: the loss and the gradients (fixed order: the objective's weights) are
            // averaged over the shards before the non-finite check, so every worker decides alike.
            const order = [...vars.values()]
              .map((v) => v.name)
              .filter((n) => grads[n] !== undefined);
            const avg = sh.allReduce(name, [
              Float32Array.of(lossValue),
              ...order.map((n) => (grads[n] as Tensor).dataSync() as Float32Array),
            ]);
            lossValue = avg[0]?.[0] ?? NaN;
            order.forEach(
              (n, i) =>
                (grads[n] = tf.tensor(avg[i + 1] as Float32Array, (grads[n] as Tensor).shape)),
            );
          }
          if (!Number.isFinite(lossValue))
            throw new NonFiniteLossError(this.step, name, lossRef.node, lossValue);
          losses[name] = lossValue;
          const named: Record<string, Tensor> = {};
          const weights: Record<string, Variable> = {};
          for (const [varName, g] of Object.entries(grads)) {
            const key = keyOf.get(varName);
            const v = key ? vars.get(key) : undefined;
            if (key && v) {
              named[key] = g;
              weights[key] = v;
            }
          }
          optimizer.update(weights, named, objective.clipGradNorm);
        });
        if (ev.scalars.size > 0) {
          const keys = [...ev.scalars.keys()];
          const values = tf.tidy(() => tf.stack([...ev.scalars.values()]).dataSync());
          keys.forEach((k, i) => (metrics[k] = values[i] ?? NaN));
        }
      } finally {
        tf.dispose([...ev.scalars.values()]);
      }
      updatedIds.push(...objective.updates);
    }

    const frozenLayers = this.built.resolveLayers(frozenIds);
    const afterCtx = sh
      ? { ...ctx, rng: shardAfterStepRng(this.built.program.training.seed, this.step, sh) }
      : ctx;
    const afterLayers = [...this.built.resolveLayers(updatedIds)].filter(
      (l) => !frozenLayers.has(l) && l.afterStep,
    );
    for (const layer of afterLayers) layer.afterStep?.(afterCtx);
    if (sh) this.syncAfterStep(afterLayers, sh);
    this.updateEmaCopies();
    this.step += 1;
    this.lastLosses = losses;
    return {
      step: this.step,
      stageIndex: where.plan.stageIndex,
      stageName: stage.name || stage.id,
      losses,
      metrics,
    };
  }

  /** Data-parallel: after-step hooks saw only this shard, so their weights and state are averaged. */
  private syncAfterStep(
    layers: readonly { weights: Record<string, Variable>; state?: Record<string, Variable> }[],
    sh: TrainerShard,
  ): void {
    const vars = layers.flatMap((l) => [
      ...Object.values(l.weights),
      ...Object.values(l.state ?? {}),
    ]);
    if (vars.length === 0) return;
    const { tf } = this.built;
    const avg = sh.allReduce(
      'after-step',
      vars.map((v) => Float32Array.from(v.dataSync() as Float32Array)),
    );
    tf.tidy(() =>
      vars.forEach((v, i) => v.assign(tf.tensor(avg[i] as Float32Array, v.shape, v.dtype))),
    );
  }

  /** EMA instances: shadow <- decay * shadow + (1 - decay) * shared weights. */
  private updateEmaCopies(): void {
    const { tf } = this.built;
    for (const link of this.built.emaLinks)
      tf.tidy(() => {
        for (const [nodeId, shadowLayer] of link.shadow.layers) {
          const source = link.source.layers.get(nodeId);
          if (!source) continue;
          for (const [name, v] of Object.entries(shadowLayer.weights)) {
            const s = source.weights[name];
            if (s) v.assign(tf.add(tf.mul(v, link.decay), tf.mul(s, 1 - link.decay)));
          }
        }
      });
  }

  /** Every tensor a checkpoint holds, by checkpoint key. Optimizer state tensors may be fresh: dispose via the returned list. */
  checkpointTensors(): { tensors: Map<string, Tensor>; temporaries: Tensor[] } {
    const tensors = new Map<string, Tensor>();
    const temporaries: Tensor[] = [];
    for (const [k, v] of this.built.weights()) tensors.set(`weights/${k}`, v);
    for (const [k, v] of this.built.state()) tensors.set(`state/${k}`, v);
    for (const [id, opt] of this.built.optimizers)
      for (const [k, t] of Object.entries(opt.saveState())) {
        tensors.set(`optimizer/${id}/${k}`, t);
        if (k === 't') temporaries.push(t);
      }
    return { tensors, temporaries };
  }

  /** Restores weights, state, optimizer slots, RNG and step from a checkpoint. */
  restore(ckpt: LoadedCheckpoint): void {
    const { tf } = this.built;
    const missing: string[] = [];
    const assign = (key: string, v: Variable): void => {
      const saved = ckpt.values.get(key);
      if (!saved) return void missing.push(key);
      if (saved.shape.join('x') !== v.shape.join('x'))
        throw new Error(
          `Checkpoint tensor ${key} is ${saved.shape.join('x')} but the model has ${v.shape.join('x')}; the project changed since the checkpoint was written.`,
        );
      tf.tidy(() => v.assign(tf.tensor(saved.data, saved.shape, saved.dtype)));
    };
    for (const [k, v] of this.built.weights()) assign(`weights/${k}`, v);
    for (const [k, v] of this.built.state()) assign(`state/${k}`, v);
    for (const [id, opt] of this.built.optimizers) {
      const prefix = `optimizer/${id}/`;
      const state: Record<string, Tensor> = {};
      for (const [k, saved] of ckpt.values)
        if (k.startsWith(prefix))
          state[k.slice(prefix.length)] = tf.tensor(saved.data, saved.shape, saved.dtype);
      opt.loadState(state);
      tf.dispose(Object.values(state));
    }
    if (missing.length > 0)
      this.onWarning(
        `The checkpoint lacks ${missing.length} tensors (${missing.slice(0, 3).join(', ')}...); they keep their fresh values.`,
      );
    this.rng.setState(ckpt.manifest.rngState);
    this.step = ckpt.manifest.step;
    this.lastLosses = ckpt.manifest.losses;
  }
}
