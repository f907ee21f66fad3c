// A minimal step module with a custom `step` (the shape a trainer with its own schedule uses):
// fit y = 3x + 1 by SGD; each worker takes its shard of the batch and all-reduces the gradients.
import type { StepDefinition, StepProgram, Tf } from '../step-program';

export interface LinearConfig {
  batch: number;
  lr: number;
}

export const stepDefinition: StepDefinition<LinearConfig> = {
  create(tf: Tf, cfg: LinearConfig): StepProgram {
    const w = tf.variable(tf.zeros([1]), true, `linear-w-${Math.random()}`);
    const b = tf.variable(tf.zeros([1]), true, `linear-b-${Math.random()}`);
    const variables = [w, b];
    return {
      phases: [],
      variables,
      step(ctx, allReduce) {
        const per = cfg.batch / ctx.shards;
        const xs = Array.from(
          { length: per },
          (_, i) => ((ctx.shard * per + i + ctx.step * 7) % 16) / 8 - 1,
        );
        return tf.tidy(() => {
          const x = tf.tensor1d(xs);
          const { value, grads } = tf.variableGrads(
            () => tf.mean(tf.square(x.mul(w).add(b).sub(x.mul(3).add(1)))) as never,
            variables,
          );
          const [gw, gb] = allReduce(
            'fit',
            [w, b].map(
              (v) => (grads[v.name] as ReturnType<Tf['zeros']>).dataSync() as Float32Array,
            ),
          );
          w.assign(w.sub(tf.tensor1d(gw as Float32Array).mul(cfg.lr)));
          b.assign(b.sub(tf.tensor1d(gb as Float32Array).mul(cfg.lr)));
          return { fit: value.dataSync()[0] as number };
        });
      },
      calls: { params: () => ({ w: w.dataSync()[0], b: b.dataSync()[0] }) },
      dispose: () => tf.dispose(variables),
    };
  },
};
