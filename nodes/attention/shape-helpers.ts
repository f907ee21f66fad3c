// Small helpers for inferShapes and build of the attention, transformer and VQGAN nodes.
import type { PortDiagnostic, ShapeResult } from '../../core/node-contract/node-definition';
import type { Dim, TensorType, ValueType } from '../../core/shapes/tensor-type';

/** The tensor on a port, or a diagnostic telling what to connect. */
export const tensorInput = (
  inputs: Record<string, ValueType | undefined>,
  port: string,
  rank: number,
  what: string,
): { type?: TensorType; diagnostic?: PortDiagnostic } => {
  const t = inputs[port];
  if (t === undefined)
    return {
      diagnostic: { severity: 'error', port, message: `Connect ${what} to the '${port}' input.` },
    };
  if (t.kind !== 'tensor')
    return {
      diagnostic: {
        severity: 'error',
        port,
        message: `'${port}' takes a tensor, not a model; connect ${what}.`,
      },
    };
  if (t.shape.length !== rank)
    return {
      diagnostic: {
        severity: 'error',
        port,
        message: `'${port}' expects rank ${rank} (${what}) but gets rank ${t.shape.length}; insert a reshape or connect ${what}.`,
      },
    };
  return { type: t };
};

/** A ShapeResult with no outputs and the given diagnostics. */
export const failed = (...diagnostics: PortDiagnostic[]): ShapeResult => ({
  outputs: {},
  diagnostics,
});

/** A known dim as a number, or undefined when symbolic. */
export const knownDim = (d: Dim | undefined): number | undefined =>
  typeof d === 'number' ? d : undefined;

/** The concrete size of a dim at build time; throws a clear error if shape inference left it symbolic. */
export const concreteDim = (t: ValueType | undefined, axis: number, what: string): number => {
  const d = t?.kind === 'tensor' ? t.shape[axis] : undefined;
  if (typeof d !== 'number')
    throw new Error(`${what} must be known at build time (got ${String(d)}).`);
  return d;
};

/**
 * Shapes of a multi-head attention over a B x N x D sequence (the attention node and the GPT
 * block): y keeps the shape of x, attention maps are B x heads x N x N; heads must divide D.
 */
export const inferSequenceAttention = (
  inputs: Record<string, ValueType | undefined>,
  heads: number,
): ShapeResult => inferMultiHeadAttention({ x: inputs['x'] }, heads, false);

/** Two dims agree when equal or either is the wildcard '?' (layer files import this file: no core runtime). */
const dimsAgree = (a: Dim, b: Dim): boolean => a === b || a === '?' || b === '?';

/** The B x N x D sequence on port x with a known width D, or a diagnostic naming the fix. */
export const sequenceInput = (
  inputs: Record<string, ValueType | undefined>,
): { b: Dim; n: Dim; d: number } | { diagnostic: PortDiagnostic } => {
  const { type, diagnostic } = tensorInput(inputs, 'x', 3, 'a B x N x D token sequence');
  if (!type) return { diagnostic: diagnostic! };
  const [b = 'B', n = 'N', dim] = type.shape;
  const d = knownDim(dim);
  if (d === undefined)
    return {
      diagnostic: {
        severity: 'error',
        port: 'x',
        message: 'The model dim D of x must be known; set the embedding dim.',
      },
    };
  return { b, n, d };
};

const headsDiagnostic = (heads: number, d: number): PortDiagnostic => ({
  severity: 'error',
  port: 'x',
  message: `heads (${heads}) must divide the model dim ${d}; set heads to a divisor of ${d}.`,
});

/**
 * Shapes of multi-head attention with an optional context [B, M, Dc] (cross-attention: keys and
 * values from the context) and an optional key-padding mask [B, M]. y is B x N x D, the attention
 * weights B x heads x N x M (M = N without a context). A causal mask needs keys from x itself.
 */
export const inferMultiHeadAttention = (
  inputs: Record<string, ValueType | undefined>,
  heads: number,
  causal: boolean,
): ShapeResult => {
  const seq = sequenceInput(inputs);
  if ('diagnostic' in seq) return failed(seq.diagnostic);
  const { b, n, d } = seq;
  if (d % heads !== 0) return failed(headsDiagnostic(heads, d));
  let m: Dim = n;
  if (inputs['context'] !== undefined) {
    const c = tensorInput(inputs, 'context', 3, 'a B x M x Dc context sequence');
    if (!c.type) return failed(c.diagnostic!);
    const [cb = 'B', cm = 'M', cd] = c.type.shape;
    if (knownDim(cd) === undefined)
      return failed({
        severity: 'error',
        port: 'context',
        message: "The width Dc of the context must be known; set the context producer's width.",
      });
    if (!dimsAgree(b, cb))
      return failed({
        severity: 'error',
        port: 'context',
        message: `The context's batch (${String(cb)}) differs from x's (${String(b)}); feed both from the same batch.`,
      });
    if (causal)
      return failed({
        severity: 'error',
        port: 'context',
        message:
          'A causal mask needs queries and keys from one sequence, but the keys come from the context (cross-attention); turn causal off, or disconnect context for causal self-attention.',
      });
    m = cm;
  }
  if (inputs['keyMask'] !== undefined) {
    const k = tensorInput(inputs, 'keyMask', 2, 'a B x M mask of keys (1 = keep, 0 = pad)');
    if (!k.type) return failed(k.diagnostic!);
    const [kb = 'B', km = 'M'] = k.type.shape;
    if (!dimsAgree(kb, b) || !dimsAgree(km, m))
      return failed({
        severity: 'error',
        port: 'keyMask',
        message: `keyMask is ${String(kb)} x ${String(km)} but the keys are ${String(b)} x ${String(m)} (${inputs['context'] ? 'the context' : 'x'}); give one 1/0 entry per key token.`,
      });
  }
  return {
    outputs: {
      y: { kind: 'tensor', dtype: 'float32', shape: [b, n, d] },
      attention: { kind: 'tensor', dtype: 'float32', shape: [b, heads, n, m] },
    },
    diagnostics: [],
  };
};

/**
 * A chunk size C that must divide the sequence length N (FLASH's mixed-chunk attention): an error
 * naming the fix when N is known and C does not divide it, undefined otherwise.
 */
export const chunkDiagnostic = (n: Dim, chunk: number): PortDiagnostic | undefined => {
  const nn = knownDim(n);
  if (nn === undefined || nn % chunk === 0) return undefined;
  const divisors = [];
  for (let c = Math.min(nn, chunk); c >= 1 && divisors.length < 3; c--)
    if (nn % c === 0) divisors.push(c);
  return {
    severity: 'error',
    port: 'x',
    message: `chunk (${chunk}) must divide the sequence length ${nn}; set chunk to a divisor of ${nn} (e.g. ${divisors.join(', ')}), or pad the sequence to a multiple of ${chunk}.`,
  };
};

/**
 * Shapes of a gated attention unit (GAU, FLASH) over x [B, N, D]: y [B, N, D] and its single-head
 * attention matrix [B, 1, N, N]. With chunk > 0 (FLASH), chunk must divide N when N is known. An
 * optional keyMask [B, N] marks padded keys.
 */
export const inferGatedAttention = (
  inputs: Record<string, ValueType | undefined>,
  chunk = 0,
): ShapeResult => {
  const seq = sequenceInput(inputs);
  if ('diagnostic' in seq) return failed(seq.diagnostic);
  const { b, n, d } = seq;
  const bad = chunk > 0 ? chunkDiagnostic(n, chunk) : undefined;
  if (bad) return failed(bad);
  if (inputs['keyMask'] !== undefined) {
    const k = tensorInput(inputs, 'keyMask', 2, 'a B x N mask of keys (1 = keep, 0 = pad)');
    if (!k.type) return failed(k.diagnostic!);
    const [kb = 'B', kn = 'N'] = k.type.shape;
    if (!dimsAgree(kb, b) || !dimsAgree(kn, n))
      return failed({
        severity: 'error',
        port: 'keyMask',
        message: `keyMask is ${String(kb)} x ${String(kn)} but x is ${String(b)} x ${String(n)} tokens; give one 1/0 entry per token of x.`,
      });
  }
  return {
    outputs: {
      y: { kind: 'tensor', dtype: 'float32', shape: [b, n, d] },
      attention: { kind: 'tensor', dtype: 'float32', shape: [b, 1, n, n] },
    },
    diagnostics: [],
  };
};
