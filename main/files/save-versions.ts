// The previous versions of a project file, kept beside it: `<file>.1` is the version before
// the last save, up to `<file>.5` the oldest. Before each save the chain moves up by one and the
// file on disk becomes `.1` (a hard link, so no copy of a large file; a copy where the file
// system has no hard links). The single `<file>.bak` of earlier Tessera versions joins the chain
// as `.1` on the first save that finds no `.1`.
import { errnoOf, type SaveFs } from './save-fs';

export const versionsKept = 5;

export const versionPath = (file: string, n: number): string => `${file}.${n}`;

export const legacyBackupPath = (file: string): string => `${file}.bak`;

const ignoreMissing = async (step: Promise<void>): Promise<boolean> => {
  try {
    await step;
    return true;
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return false;
    throw e;
  }
};

/**
 * Moves `.bak` to `.1` when there is no `.1` yet (never over a newer version). Best effort: where
 * the file system has no hard links the `.bak` stays as it is.
 */
const migrateLegacyBackup = async (fsx: SaveFs, file: string): Promise<void> => {
  try {
    await fsx.link(legacyBackupPath(file), versionPath(file, 1));
  } catch {
    return; // no .bak (ENOENT), .1 already there (EEXIST), or no hard links
  }
  await ignoreMissing(fsx.unlink(legacyBackupPath(file)));
};

/**
 * Shifts `.1`…`.(keep-1)` up by one (the oldest falls off) and makes the current file `.1`.
 * Leaves the file itself untouched; does nothing for a first save.
 */
export const rotateVersions = async (
  fsx: SaveFs,
  file: string,
  keep = versionsKept,
): Promise<void> => {
  if (keep < 1) return;
  await migrateLegacyBackup(fsx, file);
  for (let n = keep - 1; n >= 1; n--)
    await ignoreMissing(fsx.rename(versionPath(file, n), versionPath(file, n + 1)));
  const newest = versionPath(file, 1);
  try {
    await fsx.link(file, newest);
  } catch (e) {
    const code = errnoOf(e);
    if (code === 'ENOENT') return; // first save
    if (code === 'EEXIST') await ignoreMissing(fsx.unlink(newest));
    // no hard links here (EPERM, ENOTSUP, EXDEV...), or a stale .1 just removed: copy, and
    // leave no half-copied version behind when that fails (a full disk)
    try {
      await fsx.copyFile(file, newest);
    } catch (copyError) {
      await fsx.unlink(newest).catch(() => undefined);
      throw copyError;
    }
  }
};
