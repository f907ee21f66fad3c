// Port and shape helpers shared by the adversarial loss nodes.
// b batch; a score port carries one number per image (B x 1).
import type { PortDiagnostic } from '../../../core/node-contract/node-definition';
import type { PortSpec } from '../../../core/node-contract/port-spec';
import { tensorType, type TensorType, type ValueType } from '../../../core/shapes/tensor-type';

export const scorePort = (name: string, doc: string): PortSpec => ({
  name,
  kind: 'tensor',
  dtype: 'float32',
  rank: 2,
  dims: ['B', '1'],
  doc,
});

export const scalarPort = (
  name: string,
  doc: string,
  gradient: PortSpec['gradient'] = 'flows',
): PortSpec => ({
  name,
  kind: 'tensor',
  dtype: 'float32',
  rank: 0,
  dims: [],
  gradient,
  doc,
});

export const SCALAR: TensorType = tensorType('float32', []);

/** Checks that a score input is B x 1 (or B); returns diagnostics naming the fix. */
export const checkScore = (
  port: string,
  t: ValueType | undefined,
  required: boolean,
): PortDiagnostic[] => {
  if (!t)
    return required
      ? [
          {
            severity: 'error',
            port,
            message: `Connect the discriminator's scores for ${port} images (B x 1).`,
          },
        ]
      : [];
  if (t.kind !== 'tensor')
    return [{ severity: 'error', port, message: `${port} takes a tensor of scores, not a model.` }];
  const ok =
    t.shape.length === 1 || (t.shape.length === 2 && (t.shape[1] === 1 || t.shape[1] === '?'));
  return ok
    ? []
    : [
        {
          severity: 'error',
          port,
          message: `${port} must be one score per image (B x 1); got ${t.shape.join(' x ')}. Use a discriminator with one output.`,
        },
      ];
};
