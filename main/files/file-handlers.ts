// The contract's file channels, the same for both shells: open, save, recent, the projects
// listing, the file dialog (files:choose) and the export's write, every path through the one
// file policy. Refusals and failed writes come back as diagnostics naming the file and the fix.
import { mkdir } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { diagnostic, type Diagnostic } from '../../core/diagnostics/diagnostic';
import type { TesseraDocument } from '../../core/document/document.types';
import { serializeDocument } from '../../core/document/serialize-document';
import type { InvokeHandlers } from '../../core/ipc/contract';
import type { EnginePort } from '../server/handlers/engine-port';
import { listProjects, readProjectFile } from '../server/handlers/project-files';
import { saveExport } from '../server/handlers/save-export';
import { saveTextAtomic } from './atomic-save';
import { FileGrants } from './file-grants';
import { FilePolicy } from './file-policy';
import type { NativeFileChooser } from './native-file-chooser';
import { checkPathShape } from './path-rules';
import { RecentFiles } from './recent-files';
import type { SaveFs } from './save-fs';
import { describeWriteError } from './write-errors';

export type FileChannel =
  | 'project:open'
  | 'project:save'
  | 'project:recent'
  | 'project:list'
  | 'files:choose'
  | 'code:saveExport';

export interface FileHandlerOptions {
  engine: EnginePort;
  projectsDir: string;
  recentFile: string;
  /** The shell's own file dialog (Electron); absent in the web shell, whose dialog is in the page. */
  chooseFile?: NativeFileChooser;
  /** The file system saves and exports write through (tests inject failures). */
  fs?: SaveFs;
  grants?: FileGrants;
}

export interface FileHandlers {
  handlers: Pick<InvokeHandlers, FileChannel>;
  policy: FilePolicy;
}

const fileError = (message: string): Diagnostic[] => [diagnostic('error', 'file', message)];

/** Runs writes of one file one after another (two quick saves must not race on the versions). */
const perFileQueue = () => {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const run = (tails.get(key) ?? Promise.resolve()).catch(() => undefined).then(work);
    tails.set(key, run);
    void run.finally(() => tails.get(key) === run && tails.delete(key)).catch(() => undefined);
    return run;
  };
};

export const createFileHandlers = (o: FileHandlerOptions): FileHandlers => {
  const recent = new RecentFiles(o.recentFile);
  const policy = new FilePolicy({
    projectsDir: o.projectsDir,
    recent: () => recent.list(),
    grants: o.grants ?? new FileGrants(),
  });
  const queue = perFileQueue();

  const handlers: Pick<InvokeHandlers, FileChannel> = {
    'project:open': async (path) => {
      const verdict = await policy.check('open', path);
      if (!verdict.ok) return { path, diagnostics: fileError(verdict.message) };
      const opened = await readProjectFile(verdict.path);
      if (opened.content !== undefined) {
        policy.remember(verdict.path);
        await recent.add(verdict.path).catch(() => undefined);
      }
      return opened;
    },
    'project:save': async ({ path, document }) => {
      const verdict = await policy.check('save', path);
      if (!verdict.ok) return { diagnostics: fileError(verdict.message) };
      try {
        // Stable key order (serializeDocument), so saving twice gives the same bytes.
        const text = serializeDocument(document as unknown as TesseraDocument);
        await queue(verdict.path, () => saveTextAtomic(verdict.path, text, { fs: o.fs }));
      } catch (e) {
        return { diagnostics: fileError(describeWriteError('save', verdict.path, e)) };
      }
      policy.remember(verdict.path);
      await recent.add(verdict.path).catch(() => undefined);
      return { path: verdict.path, diagnostics: [] };
    },
    'project:recent': async () => recent.list(),
    'project:list': async () => {
      // The projects folder is created on first use (Save As and exports default there).
      await mkdir(o.projectsDir, { recursive: true }).catch(() => undefined);
      return { dir: o.projectsDir, files: await listProjects(o.projectsDir) };
    },
    'files:choose': async ({ action, path }) => {
      let chosen = path;
      if (o.chooseFile) {
        // Electron: the renderer's path is only where the dialog starts; the user's pick counts.
        const start =
          path !== undefined && checkPathShape(action, path, o.projectsDir).ok
            ? nodePath.resolve(o.projectsDir, path)
            : o.projectsDir;
        chosen = await o.chooseFile(action, start);
        if (chosen === undefined) return { cancelled: true, diagnostics: [] };
      } else if (chosen === undefined)
        return {
          diagnostics: fileError(
            'The file dialog sent no file; type or pick one in the dialog, then confirm.',
          ),
        };
      const verdict = await policy.grantChosen(action, chosen);
      return verdict.ok
        ? { path: verdict.path, diagnostics: [] }
        : { diagnostics: fileError(verdict.message) };
    },
    'code:saveExport': async (request) => saveExport(o.engine, policy, request, o.fs),
  };
  return { handlers, policy };
};
