// What a node costs: trainable parameters and multiply-adds per example, declared by a node type's
// optional pure `cost` function (see NodeDefinition.cost). The helpers here turn symbolic shapes
// into numbers: 'B' (and arithmetic on it, 'B*2') is the training batch size; any other named dim
// is unknown, and the helper throws a CostUnknownError that the cost pass reports as "?".
import type { Dim, Shape, ValueType } from '../shapes/tensor-type';

export interface CostContext<P> {
  params: P;
  /** Types arriving at each input port (undefined when unconnected), as the shapes pass left them. */
  inputs: Record<string, ValueType | undefined>;
  /** Types of the node's outputs, as the shapes pass left them. */
  outputs: Record<string, ValueType>;
  /** The training batch size (document training.batchSize), the value of the dim 'B'. */
  batchSize: number;
}

export interface NodeCostResult {
  /** Trainable parameters (the sizes of the weights `build` creates). */
  params: number;
  /** Multiply-adds for one example (one row of the batch). */
  macs: number;
}

/** Thrown by the helpers when a dim the cost depends on is not known; the pass shows "?" with `message`. */
export class CostUnknownError extends Error {
  override name = 'CostUnknownError';
}

/** The value of a dim with B = batchSize: 28, 'B', 'B*2', '(B+1)/2'; undefined for any other name or '?'. */
export const evalDim = (d: Dim, batchSize: number): number | undefined => {
  if (typeof d === 'number') return Number.isFinite(d) ? d : undefined;
  if (d === 'B') return batchSize;
  // The editor compiles on every edit: parse each distinct text once per batch size.
  const key = `${batchSize}\u0000${d}`;
  if (dimCache.has(key)) return dimCache.get(key);
  const v = parseDim(d, batchSize);
  if (dimCache.size > 10_000) dimCache.clear();
  dimCache.set(key, v);
  return v;
};

const dimCache = new Map<string, number | undefined>();

const parseDim = (d: string, batchSize: number): number | undefined => {
  const s = d.replace(/\s+/g, '');
  let i = 0;
  const expr = (): number | undefined => {
    let v = term();
    while (v !== undefined && (s[i] === '+' || s[i] === '-')) {
      const op = s[i++];
      const r = term();
      v = r === undefined ? undefined : op === '+' ? v + r : v - r;
    }
    return v;
  };
  const term = (): number | undefined => {
    let v = factor();
    while (v !== undefined && (s[i] === '*' || s[i] === '/')) {
      const op = s[i++];
      const r = factor();
      v =
        r === undefined || (op === '/' && r === 0)
          ? undefined
          : op === '*'
            ? v * r
            : Math.floor(v / r);
    }
    return v;
  };
  const factor = (): number | undefined => {
    if (s[i] === '(') {
      i++;
      const v = expr();
      if (s[i] !== ')') return undefined;
      i++;
      return v;
    }
    if (s[i] === 'B' && !/[A-Za-z0-9_']/.test(s[i + 1] ?? '')) {
      i++;
      return batchSize;
    }
    const m = /^\d+/.exec(s.slice(i));
    if (!m) return undefined;
    i += m[0].length;
    return Number(m[0]);
  };
  if (s === '') return undefined;
  const v = expr();
  return v !== undefined && i === s.length && Number.isFinite(v) ? v : undefined;
};

/** Whether a dim mentions the batch ('B', 'B*2'). */
const mentionsBatch = (d: Dim): boolean =>
  typeof d === 'string' && /(^|[^A-Za-z0-9_])B($|[^A-Za-z0-9_'])/.test(d);

/** The shape of a tensor type, for a message. */
const shapeText = (shape: Shape): string => (shape.length === 0 ? 'scalar' : shape.join(' x '));

/**
 * The tensor on `port` (`where` names it in messages, e.g. "input 'x'"): throws a CostUnknownError
 * when it is missing or a model handle.
 */
export const tensorShape = (t: ValueType | undefined, where: string): Shape => {
  if (!t) throw new CostUnknownError(`${where} is not connected or has no known type`);
  if (t.kind !== 'tensor') throw new CostUnknownError(`${where} is a model handle, not a tensor`);
  return t.shape;
};

/** Every dim resolved (B = batchSize); throws a CostUnknownError naming the first unknown dim. */
export const concreteDims = (shape: Shape, batchSize: number, where: string): number[] =>
  shape.map((d) => {
    const v = evalDim(d, batchSize);
    if (v === undefined)
      throw new CostUnknownError(
        `${where} (${shapeText(shape)}) has the named dim '${String(d)}', whose size is not known`,
      );
    return v;
  });

/** One dim resolved; throws a CostUnknownError when it is a name other than B. */
export const concreteDim = (
  shape: Shape,
  axis: number,
  batchSize: number,
  where: string,
): number => {
  const d = shape[axis < 0 ? shape.length + axis : axis];
  if (d === undefined) throw new CostUnknownError(`${where} has no axis ${axis}`);
  const v = evalDim(d, batchSize);
  if (v === undefined)
    throw new CostUnknownError(
      `${where} (${shapeText(shape)}) has the named dim '${String(d)}', whose size is not known`,
    );
  return v;
};

/**
 * How many elements of `shape` belong to one example: the product of its dims divided by the batch
 * size when the shape mentions B (so B x 14 x 14 gives 196, and 'B*2' x 10 gives 20); the whole
 * product for a shape with no batch axis (a parameter or a codebook, computed once per step).
 */
export const perExample = (shape: Shape, batchSize: number, where: string): number => {
  const dims = concreteDims(shape, batchSize, where);
  const total = dims.reduce((a, b) => a * b, 1);
  return shape.some(mentionsBatch) ? total / batchSize : total;
};

/** Bytes of one element of a dtype as tfjs stores it (bool is one byte). */
export const dtypeBytes = (dtype: 'float32' | 'int32' | 'bool'): number =>
  dtype === 'bool' ? 1 : 4;

/**
 * The cost of a node without weights: no parameters, and one operation per output element of
 * one example (elementwise activations, reshapes, pools, losses, data and optimizer nodes).
 */
export const weightlessCost = (ctx: CostContext<unknown>): NodeCostResult => {
  let macs = 0;
  for (const [port, t] of Object.entries(ctx.outputs))
    if (t.kind === 'tensor')
      macs += t.shape.length === 0 ? 1 : perExample(t.shape, ctx.batchSize, `output '${port}'`);
  return { params: 0, macs };
};
