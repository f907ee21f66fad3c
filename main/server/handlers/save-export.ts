// Save export: the program (NAME.ts) and its support folder (NAME.lib/) written beside each
// other, only inside the projects folder (the same folder Open/Save list, runs go under).
// Bad paths and bad documents come back as diagnostics; nothing is thrown for them.
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { safeBaseName } from '../../../core/codegen/export-program';
import { diagnostic, hasErrors } from '../../../core/diagnostics/diagnostic';
import type { SaveExportResult } from '../../../core/ipc/contract';
import { writeExportFiles } from '../../engine/export/write-export';
import { writeExportPackageJson } from '../../engine/export/export-package-json';
import type { EnginePort } from './engine-port';

/** The real path of `p`: its deepest existing ancestor resolved through symlinks, plus the rest. */
const realPathOf = async (p: string): Promise<string> => {
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

/** Whether `target` lies strictly inside `root` (after following symlinks). */
export const isInsideFolder = async (root: string, target: string): Promise<boolean> => {
  const [r, t] = await Promise.all([realPathOf(root), realPathOf(target)]);
  const rel = nodePath.relative(r, t);
  return rel !== '' && !rel.startsWith('..') && !nodePath.isAbsolute(rel);
};

export const saveExport = async (
  engine: EnginePort,
  projectsDir: string,
  request: { document: unknown; path: string },
): Promise<SaveExportResult> => {
  const abs = nodePath.resolve(projectsDir, request.path);
  const refuse = (message: string): SaveExportResult => ({
    files: 0,
    diagnostics: [diagnostic('error', 'export', message)],
  });
  if (!abs.endsWith('.ts'))
    return refuse(
      `${abs} is not a .ts file; choose a name ending in .ts, e.g. model.ts (its support folder model.lib/ goes beside it).`,
    );
  if (!(await isInsideFolder(projectsDir, abs)))
    return refuse(
      `Refusing to write ${abs}: exports go inside the projects folder ${nodePath.resolve(projectsDir)}. Choose a path in that folder.`,
    );
  const dir = nodePath.dirname(abs);
  const baseName = safeBaseName(nodePath.basename(abs));
  if (`${baseName}.ts` !== nodePath.basename(abs))
    return refuse(
      `${nodePath.basename(abs)} is not a usable program name (letters, digits, . _ - only); use ${baseName}.ts instead.`,
    );
  const exported = await engine.exportProject(request.document, baseName);
  if (hasErrors(exported.diagnostics) || exported.files[exported.entry] === undefined)
    return {
      files: 0,
      diagnostics:
        exported.diagnostics.length > 0
          ? exported.diagnostics
          : [
              diagnostic(
                'error',
                'export',
                'Nothing was exported; fix the problems in the Problems panel first.',
              ),
            ],
    };
  try {
    const written = await writeExportFiles(dir, exported.files);
    const manifest = await writeExportPackageJson(dir, baseName);
    return {
      path: nodePath.join(dir, exported.entry),
      files: written.length + (manifest ? 1 : 0),
      diagnostics: exported.diagnostics,
    };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'EACCES' || code === 'EPERM'
        ? 'permission was denied'
        : code === 'ENOSPC'
          ? 'the disk is full'
          : (e as Error).message;
    return refuse(
      `Could not write the export to ${dir}: ${why}. Choose another folder inside ${nodePath.resolve(projectsDir)}.`,
    );
  }
};
