// Opens a URL in the user's default browser (xdg-open / open / start), never failing: when no
// browser can be opened the caller has already printed the URL, and this says so.
import { spawn as nodeSpawn, type SpawnOptions } from 'node:child_process';

export interface OpenCommand {
  command: string;
  args: string[];
}

export const openCommand = (
  url: string,
  platform: NodeJS.Platform = process.platform,
): OpenCommand =>
  platform === 'darwin'
    ? { command: 'open', args: [url] }
    : platform === 'win32'
      ? // `start` is a cmd built-in; its first quoted argument is the window title.
        { command: 'cmd', args: ['/c', 'start', '""', url.replace(/&/g, '^&')] }
      : { command: 'xdg-open', args: [url] };

/** Whether `npm start` should open a browser: not with --no-open or TESSERA_NO_OPEN=1 (or true). */
export const shouldOpen = (args: readonly string[], env = process.env): boolean =>
  !args.includes('--no-open') && !/^(1|true|yes)$/i.test(env.TESSERA_NO_OPEN ?? '');

type Spawn = (
  command: string,
  args: string[],
  options: SpawnOptions,
) => ReturnType<typeof nodeSpawn>;

/**
 * Starts the opener detached and returns at once; resolves (never rejects) with whether it
 * seems to have worked, after writing a note to `warn` when it did not.
 */
export const openInBrowser = (
  url: string,
  o: { platform?: NodeJS.Platform; spawn?: Spawn; warn?: (m: string) => void } = {},
): Promise<boolean> => {
  const { command, args } = openCommand(url, o.platform);
  const warn = o.warn ?? ((m: string) => process.stderr.write(`${m}\n`));
  const note = (why: string) =>
    warn(`Could not open a browser (${command}: ${why}); open the URL above yourself.`);
  return new Promise<boolean>((resolve) => {
    try {
      const child = (o.spawn ?? nodeSpawn)(command, args, { stdio: 'ignore', detached: true });
      child.once('error', (e) => {
        note((e as NodeJS.ErrnoException).code ?? e.message);
        resolve(false);
      });
      child.once('exit', (code) => {
        if (code !== 0 && code !== null) note(`exit code ${code}`);
        resolve(code === 0 || code === null);
      });
      child.unref();
    } catch (e) {
      note((e as Error).message);
      resolve(false);
    }
  });
};
