#!/usr/bin/env node
// The `tessera` command: plain Node ESM that registers tsx (so Node runs the TypeScript sources
// directly) and hands the arguments to main/cli/main.ts.
import '../runtime/register.mjs';

const { main } = await import('./main.ts');
const code = await main(process.argv.slice(2));
// Exit once stdout and stderr are flushed: a pipe (`tessera nodes --json | jq`) is written
// asynchronously, and process.exit would cut it at 64 KiB.
const flushed = (stream) => new Promise((resolve) => stream.write('', resolve));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
