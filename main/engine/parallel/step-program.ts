// A training step as data-parallel workers need it: phases (one per optimizer, run in
// order, e.g. discriminator then generator), each a loss over this worker's shard of the
// batch, the variables it updates and the optimizer that applies the (averaged) gradients.
import type * as tfType from '@tensorflow/tfjs';

export type Tf = typeof tfType;

export interface ShardContext {
  /** Global step index, 0-based. */
  step: number;
  /** This worker's shard index and the number of shards (1 when not parallel). */
  shard: number;
  shards: number;
}

export interface TrainPhase {
  name: string;
  /** Variables this phase updates (the gradients are taken with respect to them). */
  variables: tfType.Variable[];
  optimizer: tfType.Optimizer;
  /** Loss on this worker's shard. It must be a mean over the shard's examples so that the
   * average of the shards' gradients equals the full batch's gradient. */
  loss: (ctx: ShardContext) => tfType.Scalar;
}

export interface StepProgram {
  /** The phases `runStep` runs in order every step (ignored when `step` is given). */
  phases: TrainPhase[];
  /** Every trained variable, in a fixed order (used to check that workers agree). */
  variables: tfType.Variable[];
  /**
   * Optional custom step, for a trainer with its own schedule (objectives due every k steps,
   * stages, clipping): it must call `allReduce` on every gradient list it applies, in the same
   * order on every worker, and mean its loss over the shard.
   */
  step?: (ctx: ShardContext, allReduce: AllReduce) => Record<string, number>;
  /** Optional named calls the coordinator can make on one worker (checkpoints, previews); may return a promise. */
  calls?: Record<string, (args: unknown) => unknown>;
  /** Floats one all-reduce may carry per worker (default: the variables' total size). */
  reduceFloats?: number;
  dispose(): void;
}

/** A module a worker can load: `export const stepDefinition: StepDefinition<MyConfig>`. */
export interface StepDefinition<C = unknown> {
  create(tf: Tf, config: C): StepProgram;
}

/** A step module whose program builds asynchronously (loads data); `where` is the worker's place in the group. */
export interface AsyncStepDefinition<C = unknown> {
  create(tf: Tf, config: C, where: { shard: number; shards: number }): Promise<StepProgram>;
}

/** Replaces each gradient by the average over all workers (identity with one worker). */
export type AllReduce = (phase: string, grads: Float32Array[]) => Float32Array[];

/**
 * Runs one step: for each phase, gradients on this shard, all-reduced, then applied.
 * Returns the shard's loss per phase. Everything runs in tf.tidy; tensor count stays flat.
 */
export function runStep(
  tf: Tf,
  program: StepProgram,
  ctx: ShardContext,
  allReduce?: AllReduce,
): Record<string, number> {
  if (program.step !== undefined) return program.step(ctx, allReduce ?? ((_p, g) => g));
  const losses: Record<string, number> = {};
  for (const phase of program.phases) {
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => phase.loss(ctx), phase.variables);
      // Variables the loss does not reach get no gradient; every worker has the same graph,
      // so they all all-reduce the same list.
      const names = phase.variables.map((v) => v.name).filter((n) => grads[n] !== undefined);
      if (allReduce !== undefined && ctx.shards > 1) {
        const local = names.map((n) => (grads[n] as tfType.Tensor).dataSync() as Float32Array);
        const avg = allReduce(phase.name, local);
        const named: Record<string, tfType.Tensor> = {};
        names.forEach((n, i) => {
          named[n] = tf.tensor(avg[i] as Float32Array, (grads[n] as tfType.Tensor).shape);
        });
        phase.optimizer.applyGradients(named);
      } else {
        phase.optimizer.applyGradients(grads);
      }
      return value.dataSync()[0] as number;
    });
    losses[phase.name] = loss;
  }
  return losses;
}
