// The shape checks every path from the UI passes before the file policy looks at where it
// lies: no NUL bytes, no '..' segments, the right extension for the action, and the real
// location (symlinks followed from the nearest existing ancestor).
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';

/** What the UI asks to do with a path. */
export type FileAction = 'open' | 'save' | 'export';

export type PathShape = { ok: true; abs: string } | { ok: false; message: string };

/** The extension each action needs, and the name the message suggests. */
const extensionOf: Record<FileAction, { ext: string; example: string; what: string }> = {
  open: { ext: '.json', example: 'project.tessera.json', what: 'a .json project file' },
  save: { ext: '.json', example: 'project.tessera.json', what: 'a .json project file' },
  export: { ext: '.ts', example: 'model.ts', what: 'a .ts program file' },
};

export const extensionFor = (action: FileAction): string => extensionOf[action].ext;

/**
 * Checks the text of a path (nothing on disk yet) and makes it absolute: a relative path names a
 * file in the projects folder.
 */
export const checkPathShape = (
  action: FileAction,
  path: string,
  projectsDir: string,
): PathShape => {
  if (path.includes('\0'))
    return {
      ok: false,
      message: `The path ${JSON.stringify(path.replace(/\0/g, '\\0'))} holds a NUL byte, which no file name may contain; choose the file again in the file dialog.`,
    };
  if (path.trim() === '')
    return { ok: false, message: 'No file was named; choose one in the file dialog.' };
  if (path.split(/[\\/]/).includes('..'))
    return {
      ok: false,
      message: `Refusing ${path}: paths with '..' segments are not used; name the file by its full path without '..', or choose it in the file dialog.`,
    };
  const abs = nodePath.resolve(projectsDir, path);
  const { ext, example, what } = extensionOf[action];
  if (!abs.toLowerCase().endsWith(ext))
    return {
      ok: false,
      message: `${abs} is not ${what}; choose a name ending in ${ext}, e.g. ${example}.`,
    };
  return { ok: true, abs };
};

/** The real path of `p`: its deepest existing ancestor resolved through symlinks, plus the rest. */
export const realPathOf = async (p: string): Promise<string> => {
  const rest: string[] = [];
  let at = nodePath.resolve(p);
  for (;;) {
    try {
      return nodePath.join(await fs.realpath(at), ...rest.reverse());
    } catch {
      const up = nodePath.dirname(at);
      if (up === at) return nodePath.resolve(p);
      rest.push(nodePath.basename(at));
      at = up;
    }
  }
};

/** Whether `target` lies strictly inside `root`; both are real paths already. */
export const liesInside = (root: string, target: string): boolean => {
  const rel = nodePath.relative(root, target);
  return (
    rel !== '' && rel !== '..' && !rel.startsWith(`..${nodePath.sep}`) && !nodePath.isAbsolute(rel)
  );
};

/** Whether `target` lies strictly inside `root` after following symlinks in both. */
export const isInsideFolder = async (root: string, target: string): Promise<boolean> => {
  const [r, t] = await Promise.all([realPathOf(root), realPathOf(target)]);
  return liesInside(r, t);
};
