// Checks the `shape` param of a node that makes its own tensor (Constant, Parameter).
import type { PortDiagnostic } from '../../../core/node-contract/node-definition';

export const fixedShapeDiagnostics = (shape: readonly number[], port: string): PortDiagnostic[] =>
  shape.every((d) => Number.isInteger(d) && d >= 1)
    ? []
    : [
        {
          severity: 'error',
          port,
          message: `shape [${shape.join(', ')}] has an entry below 1; every axis needs a size of at least 1 (use an empty shape for a scalar).`,
        },
      ];
