// Shape-inference results for the shape, resample and position nodes: a failure names the port.
import type { ShapeResult } from '../../../core/node-contract/node-definition';

/** A ShapeResult with no outputs and one error on `port`. */
export const fail = (port: string | undefined, message: string): ShapeResult => ({
  outputs: {},
  diagnostics: [{ severity: 'error', port, message }],
});
