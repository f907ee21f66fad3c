// Module nodes are not layers of their own: the engine builds modules from IRModule records.
import type { NodeLayer } from '../../core/node-contract/node-definition';

export const builtByEngine = (typeId: string) => (): NodeLayer => {
  throw new Error(`${typeId} is built by the engine from the IR module, not by build().`);
};
