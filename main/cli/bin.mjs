#!/usr/bin/env node
// The `tessera` command: plain Node ESM that registers tsx (so Node runs the TypeScript sources
// directly) and hands the arguments to main/cli/main.ts.
import '../runtime/register.mjs';

const { main } = await import('./main.ts');
const code = await main(process.argv.slice(2));
process.exit(code);
