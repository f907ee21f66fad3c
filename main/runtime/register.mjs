// Lets Node run Tessera's TypeScript directly: `node --import ./main/runtime/register.mjs file.ts`.
// Used by the CLI, the training worker threads, benchmarks and scripts.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
register('./node-ts-resolve.mjs', import.meta.url);
