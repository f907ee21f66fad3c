// Save export: the program (NAME.ts) and its support folder (NAME.lib/) written beside each
// other, where the file policy allows: inside the projects folder, or a path the user chose in
// the file dialog (files:choose, action 'export'). Bad paths and bad documents come back as
// diagnostics; nothing is thrown for them.
import * as nodePath from 'node:path';
import { safeBaseName } from '../../../core/codegen/export-program';
import { diagnostic, hasErrors } from '../../../core/diagnostics/diagnostic';
import type { SaveExportResult } from '../../../core/ipc/contract';
import { writeExportFiles } from '../../engine/export/write-export';
import { writeExportPackageJson } from '../../engine/export/export-package-json';
import type { FilePolicy } from '../../files/file-policy';
import { isInsideFolder } from '../../files/path-rules';
import type { SaveFs } from '../../files/save-fs';
import { describeWriteError } from '../../files/write-errors';
import type { EnginePort } from './engine-port';

export { isInsideFolder };

export const saveExport = async (
  engine: EnginePort,
  policy: FilePolicy,
  request: { document: unknown; path: string },
  fsx?: SaveFs,
): Promise<SaveExportResult> => {
  const refuse = (message: string): SaveExportResult => ({
    files: 0,
    diagnostics: [diagnostic('error', 'export', message)],
  });
  // The program name first, so a bad name does not spend the dialog's grant.
  const name = nodePath.basename(request.path.replace(/\0/g, ''));
  if (name.endsWith('.ts')) {
    const baseName = safeBaseName(name);
    if (`${baseName}.ts` !== name)
      return refuse(
        `${name} is not a usable program name (letters, digits, . _ - only); use ${baseName}.ts instead.`,
      );
  }
  const verdict = await policy.check('export', request.path);
  if (!verdict.ok) return refuse(verdict.message);
  const abs = verdict.path;
  const dir = nodePath.dirname(abs);
  const baseName = safeBaseName(nodePath.basename(abs));
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
    const written = await writeExportFiles(dir, exported.files, fsx);
    const manifest = await writeExportPackageJson(dir, baseName);
    return {
      path: nodePath.join(dir, exported.entry),
      files: written.length + (manifest ? 1 : 0),
      diagnostics: exported.diagnostics,
    };
  } catch (e) {
    return refuse(describeWriteError('export', abs, e));
  }
};
