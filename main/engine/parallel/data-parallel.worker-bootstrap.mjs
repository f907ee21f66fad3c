// Worker threads on Node 20 do not apply `--import tsx` to a .ts entry file: register the
// project's TypeScript loader here (main/runtime/register.mjs: tsx plus the *.node.ts resolve
// hook, so step modules may import node layers), falling back to plain tsx, then load the worker.
try {
  await import('../../runtime/register.mjs');
} catch {
  const { register } = await import('tsx/esm/api');
  register();
}
await import('./data-parallel.worker.ts');
