// Data-parallel sharding of the trainer (used only with workers > 1; the single-worker path never
// touches this file). Every worker draws the same global batch from the same seeded RNG: data
// nodes are called with the global batch size (so they consume the RNG exactly as one worker
// would) and their outputs are cut to this worker's rows [index*B/S, (index+1)*B/S). Everything
// else sees batchSize B/S. Nodes that draw their own noise per batch row (noise/gaussian,
// gan/latent-noise) get a per-shard seed (one RNG draw, as before, mixed with the shard index),
// so two-worker runs match single-worker runs statistically, not bit for bit, for such graphs.
import type {
  ApplyContext,
  NodeLayer,
  Rng,
  Tensor,
} from '../../../core/node-contract/node-definition';
import type { BuiltProgram } from '../build/build-program';
import { createRng } from './rng';

/** Replaces each array by its average over all workers, same order on every worker. */
export type ShardAllReduce = (phase: string, values: Float32Array[]) => Float32Array[];

export interface TrainerShard {
  index: number;
  count: number;
  allReduce: ShardAllReduce;
}

const SHARD = Symbol('tessera.shard');

interface ShardMark {
  global: number;
  per: number;
  index: number;
}

type MarkedContext = ApplyContext & { [SHARD]?: ShardMark };

const wrapped = new WeakSet<NodeLayer>();

const mix = (a: number, b: number): number => {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 1, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  return ((h ^ (h >>> 15)) % 2147483646) + 1;
};

/** Wraps the apply of every data node (type `data/...`) so a sharded context yields only this shard's rows. */
export const shardDataLayers = (built: BuiltProgram): void => {
  const { tf } = built;
  const sets = new Set(built.sets);
  for (const set of sets)
    for (const [id, layer] of set.layers) {
      if (!set.graph.nodes[id]?.type.startsWith('data/') || wrapped.has(layer)) continue;
      wrapped.add(layer);
      const apply = layer.apply.bind(layer);
      layer.apply = (inputs, actx) => {
        const mark = (actx as MarkedContext)[SHARD];
        if (!mark || actx.batchSize !== mark.per) return apply(inputs, actx);
        const full = apply(inputs, { ...actx, batchSize: mark.global });
        const out: Record<string, Tensor> = {};
        for (const [port, t] of Object.entries(full)) {
          if (t.rank >= 1 && t.shape[0] === mark.global) {
            out[port] = tf.slice(t, [mark.index * mark.per], [mark.per]);
            t.dispose();
          } else out[port] = t;
        }
        return out;
      };
    }
};

/** The training context of one shard: batchSize B/S, noise seeds mixed with the shard index. */
export const shardContext = (ctx: ApplyContext, shard: TrainerShard): ApplyContext => {
  if (ctx.batchSize % shard.count !== 0)
    throw new Error(
      `Batch size ${ctx.batchSize} does not split over ${shard.count} workers; use a batch size divisible by ${shard.count} or fewer workers.`,
    );
  const per = ctx.batchSize / shard.count;
  const base = ctx.rng;
  const rng: Rng = {
    next: () => base.next(),
    int: (n) => base.int(n),
    seed: () => mix(base.seed(), shard.index),
  };
  const marked: MarkedContext = {
    ...ctx,
    batchSize: per,
    rng,
    [SHARD]: { global: ctx.batchSize, per, index: shard.index },
  };
  return marked;
};

/** A per-step, per-shard RNG for after-step hooks (dead-code restarts), so the main stream stays identical across workers. */
export const shardAfterStepRng = (seed: number, step: number, shard: TrainerShard): Rng =>
  createRng(mix(mix(seed, step), shard.index));
