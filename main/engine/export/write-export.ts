// Writes an export's files under a folder (the program beside its support folder). Paths are
// checked so that no file can land outside the folder.
import { mkdir, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';

export const writeExportFiles = async (
  dir: string,
  files: Record<string, string>,
): Promise<string[]> => {
  const root = path.resolve(dir);
  const written: string[] = [];
  for (const rel of Object.keys(files).sort()) {
    const target = path.resolve(root, rel);
    if (!target.startsWith(root + path.sep))
      throw new Error(`Refusing to write ${rel} outside ${root}.`);
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.tmp-${process.pid}`;
    await writeFile(tmp, files[rel]!);
    await rename(tmp, target);
    written.push(target);
  }
  return written;
};
