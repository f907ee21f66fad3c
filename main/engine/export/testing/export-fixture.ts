// Test helpers: export a template into a temporary folder (with the project's node_modules
// linked, as a user's project would have them), compile it with tsc, run it with tsx.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { exportProject, type ExportProjectResult } from '../export-project';
import { tesseraRoot } from '../collect-sources';
import { writeExportFiles } from '../write-export';

const run = promisify(execFile);

export const readTemplate = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(tesseraRoot(), 'templates', `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;

/** A copy of a template with a smaller batch (tests train a few small steps). */
export const withBatch = (
  doc: Record<string, unknown>,
  batchSize: number,
): Record<string, unknown> => {
  const copy = structuredClone(doc);
  (copy['training'] as { batchSize: number }).batchSize = batchSize;
  return copy;
};

export const exportToTemp = async (
  document: unknown,
  baseName = 'model',
): Promise<{ dir: string; result: ExportProjectResult }> => {
  const result = exportProject(document, { baseName });
  const dir = mkdtempSync(path.join(tmpdir(), 'tessera-export-'));
  await writeExportFiles(dir, result.files);
  symlinkSync(path.join(tesseraRoot(), 'node_modules'), path.join(dir, 'node_modules'));
  return { dir, result };
};

/**
 * Runs `tsc --strict` over the given exported programs in one compiler process, with the
 * options of their generated tsconfig.json files; returns its output ('' when clean).
 */
export const typecheck = async (tsconfigs: readonly string[]): Promise<string> => {
  const tsc = path.join(tesseraRoot(), 'node_modules', '.bin', 'tsc');
  const first = JSON.parse(readFileSync(tsconfigs[0]!, 'utf8')) as {
    compilerOptions: Record<string, unknown>;
  };
  const files = tsconfigs.flatMap((c) =>
    (JSON.parse(readFileSync(c, 'utf8')) as { files: string[] }).files.map((f) =>
      path.resolve(path.dirname(c), f),
    ),
  );
  const dir = mkdtempSync(path.join(tmpdir(), 'tessera-tsc-'));
  const combined = path.join(dir, 'tsconfig.json');
  writeFileSync(
    combined,
    JSON.stringify({
      compilerOptions: {
        ...first.compilerOptions,
        typeRoots: [path.join(tesseraRoot(), 'node_modules', '@types')],
      },
      files,
    }),
  );
  try {
    await run(tsc, ['-p', combined, '--strict'], { timeout: 300_000 });
    return '';
  } catch (e) {
    return (e as { stdout?: string }).stdout ?? String(e);
  }
};

/** Runs an exported program for `steps` steps and returns its per-step losses. */
export const runExport = async (
  dir: string,
  entry: string,
  argv: string[],
): Promise<{ step: number; losses: Record<string, number> }[]> => {
  const tsx = path.join(tesseraRoot(), 'node_modules', '.bin', 'tsx');
  await run(tsx, [entry, '--out', 'run', '--quiet', ...argv], { cwd: dir, timeout: 600_000 });
  return JSON.parse(readFileSync(path.join(dir, 'run', 'losses.json'), 'utf8')) as {
    step: number;
    losses: Record<string, number>;
  }[];
};
