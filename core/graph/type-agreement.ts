// Type agreement between a value and a port, or two values: what the shapes pass, canConnect and
// the editor use to say why a connection or an input does not fit, with the fix.
import type { PortSpec } from '../node-contract/port-spec';
import { dimsAgree, type ValueType } from '../shapes/tensor-type';

/** Why a type does not fit a port, or undefined when it fits. */
export const portMismatch = (port: PortSpec, t: ValueType): string | undefined => {
  if (port.kind === 'model' && t.kind !== 'model')
    return 'takes a model handle but receives a tensor';
  if (port.kind === 'tensor' && t.kind === 'model')
    return 'takes a tensor but receives a model handle';
  if (t.kind !== 'tensor') return undefined;
  if (port.dtype !== undefined && t.dtype !== port.dtype)
    return `takes ${port.dtype} values but receives ${t.dtype}`;
  if (port.rank === 0 && t.shape.length !== 0)
    return 'expects a scalar (one number) but receives a tensor';
  if (port.rank !== undefined && t.shape.length !== port.rank) {
    const legend = port.dims ? ` (${port.dims.join(' x ')})` : '';
    return `expects rank ${port.rank}${legend} but receives rank ${t.shape.length}`;
  }
  return undefined;
};

export const fixFor = (why: string): string =>
  why.includes('scalar')
    ? 'Reduce it to one number first (a loss with mean reduction).'
    : why.includes('rank')
      ? 'Connect an output of the right rank, or reshape it.'
      : why.includes('values')
        ? 'Connect an output of that dtype, or convert it.'
        : 'Connect an output of the right kind.';

export const typesAgree = (a: ValueType, b: ValueType): boolean => {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'model' || b.kind === 'model')
    return a.kind === 'model' && b.kind === 'model' && a.moduleId === b.moduleId;
  return (
    a.dtype === b.dtype &&
    a.shape.length === b.shape.length &&
    a.shape.every((d, i) => dimsAgree(d, b.shape[i] as typeof d))
  );
};
