// A module typed from its first call with a symbolic batch dim ('B') may be called elsewhere with
// another batch (a sampler's 40 samples, a prompt list of 10): as calling one nn.Module on
// batches of any size. Only the leading dim may differ, and only where the module's type has the
// same symbolic dim on every batched input; the outputs then carry the caller's batch.
import type { Dim, TensorType, ValueType } from '../shapes/tensor-type';

/** The symbolic batch dim shared by the module's inputs, e.g. 'B'; undefined when there is none. */
const batchSymbol = (expected: Record<string, TensorType>): string | undefined => {
  const leads = Object.values(expected)
    .map((t) => t.shape[0])
    .filter((d): d is string => typeof d === 'string' && d !== '?');
  const first = leads[0];
  return first !== undefined && leads.every((d) => d === first) ? first : undefined;
};

export interface BatchRebind {
  /** The module's symbolic batch dim ('B'). */
  symbol: string;
  /** What this call passes in its place (a number or another symbol). */
  batch: Dim;
}

/**
 * The batch a later call passes in place of the module's symbolic one, when every input typed
 * with that symbol gets one and the same other leading dim; undefined otherwise (then the types
 * must agree as they are).
 */
export const batchRebindOf = (
  given: Record<string, ValueType | undefined>,
  expected: Record<string, TensorType>,
): BatchRebind | undefined => {
  const symbol = batchSymbol(expected);
  if (symbol === undefined) return undefined;
  let batch: Dim | undefined;
  for (const [name, want] of Object.entries(expected)) {
    if (want.shape[0] !== symbol) continue;
    const got = given[name];
    if (!got || got.kind !== 'tensor' || got.shape.length === 0) return undefined;
    const lead = got.shape[0] as Dim;
    if (batch === undefined) batch = lead;
    else if (lead !== batch) return undefined;
  }
  return batch === undefined || batch === symbol ? undefined : { symbol, batch };
};

/** `t` with its leading dim replaced by the call's batch, where it is the module's symbol. */
export const rebindBatch = (t: TensorType, rebind: BatchRebind | undefined): TensorType =>
  rebind && t.shape[0] === rebind.symbol ? { ...t, shape: [rebind.batch, ...t.shape.slice(1)] } : t;

/** The inputs with the call's batch put back to the module's symbol, where `expected` has it. */
export const unbindBatch = (
  given: Record<string, ValueType | undefined>,
  expected: Record<string, TensorType>,
  rebind: BatchRebind,
): Record<string, ValueType | undefined> => {
  const out: Record<string, ValueType | undefined> = Object.create(null) as Record<
    string,
    ValueType | undefined
  >;
  for (const [name, t] of Object.entries(given))
    out[name] =
      t && t.kind === 'tensor' && expected[name]?.shape[0] === rebind.symbol
        ? { ...t, shape: [rebind.symbol, ...t.shape.slice(1)] }
        : t;
  return out;
};
