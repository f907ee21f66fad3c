// Writes an export's files under a folder (the program beside its support folder). Paths are
// checked so that no file can land outside the folder, through '..' or through a symlink that
// resolves outside it. Each file is written to a temp file and renamed into place; a failed
// write removes its temp file and rethrows (the caller names the cause).
import path from 'node:path';
import { liesInside, realPathOf } from '../../files/path-rules';
import { nodeSaveFs, type SaveFs, type SaveHandle } from '../../files/save-fs';
import { tempPathFor } from '../../files/stale-temps';

const writeOne = async (fsx: SaveFs, target: string, text: string): Promise<void> => {
  await fsx.mkdir(path.dirname(target));
  const tmp = tempPathFor(target);
  let handle: SaveHandle | undefined;
  let created = false;
  try {
    handle = await fsx.open(tmp, 'wx');
    created = true;
    await handle.writeFile(text);
    const h = handle;
    handle = undefined;
    await h.close();
    await fsx.rename(tmp, target);
    created = false;
  } catch (e) {
    if (handle) await handle.close().catch(() => undefined);
    if (created) await fsx.unlink(tmp).catch(() => undefined);
    throw e;
  }
};

export const writeExportFiles = async (
  dir: string,
  files: Record<string, string>,
  fsx: SaveFs = nodeSaveFs,
): Promise<string[]> => {
  const root = path.resolve(dir);
  const realRoot = await realPathOf(root);
  const written: string[] = [];
  for (const rel of Object.keys(files).sort()) {
    const target = path.resolve(root, rel);
    if (!target.startsWith(root + path.sep) || !liesInside(realRoot, await realPathOf(target)))
      throw new Error(`Refusing to write ${rel} outside ${root}.`);
    await writeOne(fsx, target, files[rel]!);
    written.push(target);
  }
  return written;
};
