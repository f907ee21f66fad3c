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
): ShapeResult => {
  const { type, diagnostic } = tensorInput(inputs, 'x', 3, 'a B x N x D token sequence');
  if (!type) return failed(diagnostic!);
  const [b = 'B', n = 'N', dim] = type.shape;
  const d = knownDim(dim);
  if (d === undefined)
    return failed({
      severity: 'error',
      port: 'x',
      message: 'The model dim D of x must be known; set the embedding dim.',
    });
  if (d % heads !== 0)
    return failed({
      severity: 'error',
      port: 'x',
      message: `heads (${heads}) must divide the model dim ${d}; set heads to a divisor of ${d}.`,
    });
  return {
    outputs: {
      y: { kind: 'tensor', dtype: 'float32', shape: [b, n, d] },
      attention: { kind: 'tensor', dtype: 'float32', shape: [b, heads, n, n] },
    },
    diagnostics: [],
  };
};
