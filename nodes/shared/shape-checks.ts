// Small helpers for inferShapes: read an input's tensor type or report what is missing.
import type { PortDiagnostic, ShapeContext } from '../../core/node-contract/node-definition';
import type { Dim, TensorType } from '../../core/shapes/tensor-type';

/** The tensor type on `port`, or a diagnostic pushed to `diags` when missing or of the wrong rank. */
export const tensorInput = (
  ctx: ShapeContext<unknown>,
  port: string,
  diags: PortDiagnostic[],
  opts: { rank?: number; what?: string; optional?: boolean } = {},
): TensorType | undefined => {
  const t = ctx.inputs[port];
  if (t === undefined) {
    if (!opts.optional)
      diags.push({
        severity: 'error',
        port,
        message: `Connect ${opts.what ?? 'a tensor'} to the '${port}' input.`,
      });
    return undefined;
  }
  if (t.kind !== 'tensor') {
    diags.push({
      severity: 'error',
      port,
      message: `'${port}' takes a tensor, but a model handle is connected; connect a tensor output instead.`,
    });
    return undefined;
  }
  if (opts.rank !== undefined && t.shape.length !== opts.rank) {
    diags.push({
      severity: 'error',
      port,
      message: `'${port}' expects a rank-${opts.rank} tensor${opts.what ? ` (${opts.what})` : ''} but got rank ${t.shape.length} (${t.shape.join(' x ') || 'scalar'}); connect an output of that rank.`,
    });
    return undefined;
  }
  return t;
};

export const isKnown = (d: Dim | undefined): d is number => typeof d === 'number';

/** Two shapes agree dim by dim (named dims match by name, '?' matches anything). */
export const shapesAgree = (a: readonly Dim[], b: readonly Dim[]): boolean =>
  a.length === b.length && a.every((d, i) => d === b[i] || d === '?' || b[i] === '?');
