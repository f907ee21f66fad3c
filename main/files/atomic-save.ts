// The one way a project file is written: a temp file in the same folder, written and fsynced,
// the previous versions moved up (save-versions.ts), the temp renamed over the file, the folder
// fsynced. A crash at any moment leaves the file whole: the old content or the new. Any failure
// removes the temp and leaves the file as it was; the error (ENOSPC, EACCES, ...) is rethrown
// for the caller to describe (write-errors.ts).
import * as nodePath from 'node:path';
import { nodeSaveFs, type SaveFs, type SaveHandle } from './save-fs';
import { rotateVersions, versionsKept } from './save-versions';
import { isProcessAlive, removeStaleTemps, tempPathFor, tempsInFlight } from './stale-temps';

export interface AtomicSaveOptions {
  fs?: SaveFs;
  /** How many previous versions to keep beside the file (0: none). */
  keep?: number;
  /** Whether a temp file's writer is still running (tests inject one). */
  alive?: (pid: number) => boolean;
}

const fsyncFolder = async (fsx: SaveFs, dir: string): Promise<void> => {
  // Makes the rename durable. Some platforms cannot open a folder to fsync it; the rename has
  // happened either way, so a failure here is not a failed save.
  try {
    const h = await fsx.open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    // not supported here
  }
};

/** Writes `text` to `file` atomically, keeping the previous versions. */
export const saveTextAtomic = async (
  file: string,
  text: string,
  o: AtomicSaveOptions = {},
): Promise<void> => {
  const fsx = o.fs ?? nodeSaveFs;
  const abs = nodePath.resolve(file);
  const dir = nodePath.dirname(abs);
  await fsx.mkdir(dir);
  const tmp = tempPathFor(abs);
  tempsInFlight.add(tmp);
  let handle: SaveHandle | undefined;
  let created = false;
  try {
    handle = await fsx.open(tmp, 'wx');
    created = true;
    await handle.writeFile(text);
    await handle.sync();
    const h = handle;
    handle = undefined;
    await h.close();
    await rotateVersions(fsx, abs, o.keep ?? versionsKept);
    await fsx.rename(tmp, abs);
    created = false;
  } catch (e) {
    if (handle) await handle.close().catch(() => undefined);
    if (created) await fsx.unlink(tmp).catch(() => undefined);
    throw e;
  } finally {
    tempsInFlight.delete(tmp);
  }
  await fsyncFolder(fsx, dir);
  await removeStaleTemps(fsx, abs, o.alive ?? isProcessAlive);
};
