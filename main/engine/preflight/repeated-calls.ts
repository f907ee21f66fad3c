// Samplers call a model once per pixel, token or timestep (NADE's 785 calls, a DDPM's T): the
// same kernels every time, on inputs of the same shapes. In the kernel check a handle called
// again with inputs of the same names, dtypes and shapes returns copies of its first outputs
// instead of running the model again: every kernel is still seen once (the model's on the first
// call, the sampler's own loop every time), at the cost of one call instead of hundreds.
// Only for inference (previews): an objective's gradient needs every call on the tape.
import type {
  ApplyContext,
  ModelHandle,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';

/** What a call's kernels depend on: input names, dtypes and shapes, and the mode. */
export const callSignature = (inputs: Record<string, Tensor>, ctx: ApplyContext): string =>
  [
    `${ctx.training ? 'train' : 'infer'}:${ctx.split}:${ctx.batchSize}`,
    ...Object.keys(inputs)
      .sort()
      .map((k) => {
        const t = inputs[k] as Tensor;
        return `${k}:${t.dtype}[${t.shape.join(',')}]`;
      }),
  ].join('|');

export interface RepeatedCalls {
  /** `handles` with each call of a signature seen before answered from the first call's outputs. */
  wrap(handles: Record<string, ModelHandle>): Record<string, ModelHandle>;
  /** How many calls were answered without running the model. */
  readonly skipped: number;
  /** Frees the kept first outputs. */
  dispose(): void;
}

export const repeatedCalls = (tf: TF): RepeatedCalls => {
  // Keyed by the module called, then by signature: handles are made afresh for every apply.
  const firsts = new Map<string, Map<string, Record<string, Tensor>>>();
  let skipped = 0;
  const wrapOne = (handle: ModelHandle): ModelHandle => ({
    ...handle,
    call: (inputs, ctx) => {
      const byModule = firsts.get(handle.moduleId) ?? new Map<string, Record<string, Tensor>>();
      firsts.set(handle.moduleId, byModule);
      const key = callSignature(inputs, ctx);
      const first = byModule.get(key);
      if (first) {
        skipped++;
        return Object.fromEntries(Object.entries(first).map(([k, t]) => [k, tf.clone(t)]));
      }
      const out = handle.call(inputs, ctx);
      byModule.set(
        key,
        Object.fromEntries(Object.entries(out).map(([k, t]) => [k, tf.keep(tf.clone(t))])),
      );
      return out;
    },
  });
  return {
    wrap: (handles) =>
      Object.fromEntries(Object.entries(handles).map(([port, h]) => [port, wrapOne(h)])),
    get skipped() {
      return skipped;
    },
    dispose: () => {
      for (const byModule of firsts.values())
        for (const out of byModule.values()) tf.dispose(Object.values(out));
      firsts.clear();
    },
  };
};
