// The names custom code may use without importing them: TF, Tensor, Weights, ForwardContext.
// The engine strips types (esbuild), so they matter only to an exported program, whose copy of
// the code imports them from here, and to the editor.
import type { CustomForwardContext } from '../../../core/node-contract/custom-code';
import type { TF, Tensor } from '../../../core/node-contract/node-definition';

export type { TF, Tensor };
/** The declared weights, by name. */
export type Weights = Readonly<Record<string, Tensor>>;
export type ForwardContext = CustomForwardContext;
