// Temp files of saves: named after the file and the writing process, hidden beside the file
// (`.<name>.<pid>-<random>.tmp`). A save removes its own temp on failure; a process killed
// mid-save cannot, so the next successful save of the same file removes temps whose process
// is gone (and temps of the earlier `<name>.<pid>.<time>.tmp` form).
import { randomBytes } from 'node:crypto';
import * as nodePath from 'node:path';
import { errnoOf, type SaveFs } from './save-fs';

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const tempPathFor = (file: string, pid = process.pid): string =>
  nodePath.join(
    nodePath.dirname(file),
    `.${nodePath.basename(file)}.${pid}-${randomBytes(4).toString('hex')}.tmp`,
  );

/** The writing process of a temp file of `base`, or undefined when `name` is not one. */
export const tempOwner = (base: string, name: string): number | undefined => {
  const b = escapeRegExp(base);
  const m =
    new RegExp(`^\\.${b}\\.(\\d+)-[0-9a-f]+\\.tmp$`).exec(name) ??
    new RegExp(`^${b}\\.(\\d+)\\.\\d+\\.tmp$`).exec(name);
  return m ? Number(m[1]) : undefined;
};

export const isProcessAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoOf(e) === 'EPERM'; // alive, another user's
  }
};

/** Temps this process is writing now (never removed as stale). */
export const tempsInFlight = new Set<string>();

/** Removes the temps of `file` left by processes that are gone; returns the paths removed. */
export const removeStaleTemps = async (
  fsx: SaveFs,
  file: string,
  alive: (pid: number) => boolean = isProcessAlive,
): Promise<string[]> => {
  const dir = nodePath.dirname(file);
  const base = nodePath.basename(file);
  let names: string[];
  try {
    names = await fsx.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = tempOwner(base, name);
    if (pid === undefined) continue;
    const path = nodePath.join(dir, name);
    if (tempsInFlight.has(path)) continue;
    if (pid !== process.pid && alive(pid)) continue;
    try {
      await fsx.unlink(path);
      removed.push(path);
    } catch {
      // gone already, or not ours to remove: the next save tries again
    }
  }
  return removed;
};
