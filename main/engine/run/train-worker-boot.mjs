// Plain-JS entry of the training worker: registers tsx inside the worker, then loads the
// TypeScript entry. (On Node 20, `--import tsx` in a Worker's execArgv does not cover the
// worker's own .ts entry file; registering here does, on every Node version.)
import { workerData } from 'node:worker_threads';
import '../../runtime/register.mjs';

await import(workerData.entry);
