// `tessera start` / `npm start` — the desktop app where Electron's binary is installed;
// otherwise the web shell on the VQ-VAE template, saying so.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as nodePath from 'node:path';
import type { CliCommand } from '../command';
import { buildElectron } from '../../electron/build-electron';
import { electronBinary } from '../../electron/electron-binary';
import { repoRoot } from '../../server/paths';
import { parseWebArgs, runWeb } from './web.command';

const ensureWebBuilt = async (root: string): Promise<void> => {
  if (existsSync(nodePath.join(root, 'dist', 'web', 'index.html'))) return;
  process.stdout.write('Building the UI (dist/web)…\n');
  const { build } = await import('vite');
  await build({ configFile: nodePath.join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
};

export const startCommand: CliCommand = {
  name: 'start',
  summary: 'Open the desktop studio (falls back to the web shell when Electron is not installed)',
  usage: 'tessera start [--web] [--port N] [--projects DIR]',
  run: async (args) => {
    const root = repoRoot();
    const forceWeb = args.includes('--web');
    const rest = args.filter((a) => a !== '--web');
    await ensureWebBuilt(root);
    const bin = forceWeb ? undefined : electronBinary();
    if (bin) {
      const out = await buildElectron(root);
      const child = spawn(bin, [nodePath.join(out, 'main.cjs')], { stdio: 'inherit', cwd: root });
      return new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
    }
    const parsed = parseWebArgs(rest);
    if (typeof parsed === 'string') {
      process.stderr.write(`${parsed}\n`);
      return 2;
    }
    const banner = forceWeb
      ? ''
      : 'Electron binary not installed: run npm run electron:install; opening the web shell instead.\n';
    return runWeb({ template: 'vq-vae', ...parsed }, banner);
  },
};
