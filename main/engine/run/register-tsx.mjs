// Lets plain Node run Tessera's TypeScript sources: registers tsx, then the '.node' fix-up
// resolve hook (registered last so it runs first and can retry through tsx).
import { register as registerHooks } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

let done = false;

export const registerTsxForTessera = () => {
  if (done) return;
  done = true;
  registerTsx();
  registerHooks('./node-ts-resolve-hooks.mjs', import.meta.url);
};
