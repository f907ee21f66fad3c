// Starts testing/hostile-web-shell.ts as a child process and watches it: its port and token,
// whether its HTTP server ever closed or the process exited (each counted as a restart; a new
// child takes over), and what the prototypes probe says.
import { spawn, type ChildProcess } from 'node:child_process';
import * as nodePath from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface ShellProcess {
  port: number;
  token: string;
  /** Server closes and process exits seen so far (a crash restarts the shell). */
  restarts: number;
  /** What the child wrote on stderr (a crash's message). */
  stderr: string;
  /** The properties added to the built-in prototypes in the child since it started. */
  probe(): Promise<string[]>;
  /** Resolves once a restart in progress (if any) has a new child listening. */
  ready(): Promise<void>;
  /** Whether the current child is still running. */
  alive(): boolean;
  stop(): Promise<void>;
}

interface Child {
  process: ChildProcess;
  exited: boolean;
  /** Counted once, whether its server closed, it exited, or both. */
  ended: boolean;
  port: number;
  token: string;
  probes: ((polluted: string[]) => void)[];
}

const startChild = (home: string, onEnd: (why: string) => void, err: (s: string) => void) =>
  new Promise<Child>((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [
        '--import',
        './main/runtime/register.mjs',
        nodePath.join('main', 'server', 'testing', 'hostile-web-shell.ts'),
        home,
      ],
      { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const child: Child = {
      process: p,
      exited: false,
      ended: false,
      port: 0,
      token: '',
      probes: [],
    };
    const end = (why: string): void => {
      if (child.ended) return;
      child.ended = true;
      onEnd(why);
    };
    p.stderr!.on('data', (d: Buffer) => err(String(d)));
    p.once('exit', (code, signal) => {
      child.exited = true;
      for (const answer of child.probes.splice(0)) answer(['(the shell process exited)']);
      if (!child.port)
        reject(new Error(`the web shell exited (${code ?? signal}) before listening`));
      else end(`exit ${code ?? signal}`);
    });
    createInterface({ input: p.stdout! }).on('line', (l) => {
      const msg = JSON.parse(l) as {
        listening?: { port: number; token: string };
        closed?: boolean;
        probe?: { polluted: string[] };
      };
      if (msg.listening) {
        child.port = msg.listening.port;
        child.token = msg.listening.token;
        resolve(child);
      } else if (msg.closed) end('server closed');
      else if (msg.probe) child.probes.shift()?.(msg.probe.polluted);
    });
  });

export const startShellProcess = async (home: string): Promise<ShellProcess> => {
  let stopping = false;
  let current: Child;
  let restarting: Promise<void> | undefined;
  const shell: ShellProcess = {
    port: 0,
    token: '',
    restarts: 0,
    stderr: '',
    probe: () =>
      new Promise((resolve) => {
        if (current.exited) return resolve(['(the shell process had exited)']);
        current.probes.push(resolve);
        current.process.stdin!.write('probe\n');
      }),
    ready: async () => {
      while (restarting) {
        const r = restarting;
        await r;
        if (restarting === r) restarting = undefined;
      }
    },
    alive: () => !current.exited,
    stop: async () => {
      stopping = true;
      await restarting;
      if (current.exited) return;
      const gone = new Promise((r) => current.process.once('exit', r));
      current.process.kill('SIGTERM');
      await gone;
    },
  };
  const adopt = (c: Child): void => {
    current = c;
    shell.port = c.port;
    shell.token = c.token;
  };
  const onEnd = (why: string): void => {
    if (stopping) return;
    shell.restarts += 1;
    shell.stderr += `[${why}]\n`;
    if (!current.exited) current.process.kill('SIGKILL');
    restarting = startChild(home, onEnd, (s) => (shell.stderr += s)).then(adopt);
  };
  adopt(await startChild(home, onEnd, (s) => (shell.stderr += s)));
  return shell;
};
