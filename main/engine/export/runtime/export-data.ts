// Datasets for an exported program: the same loaders the app uses.
import type { DataProvider } from '../../../../core/node-contract/node-definition';

export const exportDataProvider = (): DataProvider => ({
  load: async (name) => {
    throw new Error(`Dataset "${name}" is not available to exported programs yet.`);
  },
});
