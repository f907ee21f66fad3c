// `tessera start` / `npm start` — the desktop app where Electron's binary is installed;
// otherwise the web shell on the VQ-VAE template, saying so.
import { spawn } from 'node:child_process';
import * as nodePath from 'node:path';
import type { CliCommand } from '../command';
import { buildElectron } from '../../electron/build-electron';
import { electronBinary } from '../../electron/electron-binary';
import { repoRoot } from '../../server/paths';
import { openInBrowser, shouldOpen } from '../open-browser';
import { uiBuildState, writeBuildStamp } from '../ui-build';
import { parseWebArgs, runWeb } from './web.command';

const ensureWebBuilt = async (root: string, force: boolean): Promise<void> => {
  const state = uiBuildState(root);
  if (state.current && !force) return;
  process.stdout.write(
    `Building the UI (dist/web): ${force ? '--rebuild' : state.current ? '' : state.reason}…\n`,
  );
  const { build } = await import('vite');
  await build({ configFile: nodePath.join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
  writeBuildStamp(nodePath.join(root, 'dist', 'web'));
};

export const startCommand: CliCommand = {
  name: 'start',
  summary: 'Open the desktop studio (falls back to the web shell when Electron is not installed)',
  usage:
    'tessera start [--web] [--port N] [--projects DIR] [--no-open] [--rebuild]\n  Rebuilds dist/web only when renderer/, core/, nodes/ or package-lock.json changed (--rebuild forces it).\n  The web shell opens your default browser unless --no-open or TESSERA_NO_OPEN=1.',
  run: async (args) => {
    const root = repoRoot();
    const forceWeb = args.includes('--web');
    const open = shouldOpen(args);
    const rest = args.filter((a) => !['--web', '--no-open', '--rebuild'].includes(a));
    await ensureWebBuilt(root, args.includes('--rebuild'));
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
    // #start: the VQ-VAE template on a first start; later starts reopen the last project.
    return runWeb(
      { start: 'vq-vae', ...parsed },
      banner,
      open ? (url) => void openInBrowser(url) : undefined,
    );
  },
};
