// `tessera web` — the studio in a browser: serves the built UI and the engine bridge on
// 127.0.0.1 with a fresh token, and prints the URL to open.
import type { CliCommand } from '../command';
import { launchWeb } from '../../server/launch-web';

export interface WebArgs {
  port: number;
  projects?: string;
  template?: string;
  /** Opened only when there is no earlier project to reopen (`#start=`). */
  start?: string;
}

export const parseWebArgs = (args: string[]): WebArgs | string => {
  const out: WebArgs = { port: 0 };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = args[i + 1];
    if (a === '--port' && next !== undefined) {
      const p = Number(next);
      if (!Number.isInteger(p) || p < 0 || p > 65535)
        return `--port takes a port number 0-65535; got ${next}.`;
      out.port = p;
      i++;
    } else if (a === '--projects' && next !== undefined) {
      out.projects = next;
      i++;
    } else if (a === '--template' && next !== undefined) {
      out.template = next;
      i++;
    } else return `Unknown option ${a}.`;
  }
  return out;
};

export const runWeb = async (
  args: WebArgs,
  banner = '',
  onUrl?: (url: string) => void,
): Promise<number> => {
  const web = await launchWeb({
    port: args.port,
    paths: args.projects ? { projectsDir: args.projects } : {},
  });
  const hash = args.template
    ? `#template=${args.template}`
    : args.start
      ? `#start=${args.start}`
      : '';
  const url = `${web.server.url}${hash}`;
  process.stdout.write(
    `${banner}Tessera web shell on 127.0.0.1 only (this token is new every launch):\n\n  ${url}\n\nProjects folder: ${web.paths.projectsDir}\nPress Ctrl+C to stop.\n`,
  );
  onUrl?.(url);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await web.close();
  return 0;
};

export const webCommand: CliCommand = {
  name: 'web',
  summary: 'Open the studio in a browser (127.0.0.1 only, token-protected)',
  usage:
    'tessera web [--port N] [--projects DIR] [--template vq-vae]\n  Serves dist/web (build it with `npm run build:web`; `npm run web` does both).',
  run: async (args) => {
    const parsed = parseWebArgs(args);
    if (typeof parsed === 'string') {
      process.stderr.write(`${parsed}\n`);
      return 2;
    }
    return runWeb(parsed);
  },
};
