// Worker threads on Node 20 do not apply `--import tsx` to a .ts entry file; register tsx's
// ESM hooks here, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./data-parallel.worker.ts');
