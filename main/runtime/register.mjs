// Lets plain Node run Tessera's TypeScript sources. Importing this module registers tsx, then the
// '.node' fix-up resolve hook (registered last so it runs first and can retry through tsx).
// Used as `node --import ./main/runtime/register.mjs file.ts` (scripts, benchmarks, e2e), and
// imported by the CLI's bin.mjs and by every worker thread's boot file.
import { register as registerHooks } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
registerHooks('./node-ts-resolve.mjs', import.meta.url);
