// Reading project files (parse errors become diagnostics), the workspace memory and the
// projects listing. Which paths the UI may read or write is main/files/file-policy.ts; how a
// save is written (atomic, the last five versions kept) is main/files/atomic-save.ts.
import { promises as fs, readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { diagnostic } from '../../../core/diagnostics/diagnostic';
import type { OpenedFile, WorkspaceState } from '../../../core/ipc/contract';
import { loadDocument } from '../../../core/document/load-document';
import { saveTextAtomic } from '../../files/atomic-save';

export { RecentFiles } from '../../files/recent-files';

export const readProjectFile = async (path: string): Promise<OpenedFile> => {
  const abs = nodePath.resolve(path);
  if (!abs.endsWith('.json'))
    return {
      path: abs,
      diagnostics: [
        diagnostic(
          'error',
          'file',
          `${abs} is not a .json project file; choose a file ending in .tessera.json.`,
        ),
      ],
    };
  let text: string;
  try {
    text = await fs.readFile(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'it does not exist'
        : code === 'EACCES'
          ? 'permission was denied'
          : String(e);
    return {
      path: abs,
      diagnostics: [
        diagnostic('error', 'file', `Could not read ${abs}: ${why}. Check the path and try again.`),
      ],
    };
  }
  try {
    return { path: abs, content: JSON.parse(text) as unknown, diagnostics: [] };
  } catch {
    // The loader locates the error (line, column, what was expected).
    const located = loadDocument(text).diagnostics;
    return {
      path: abs,
      diagnostics:
        located.length > 0
          ? located
          : [
              diagnostic(
                'error',
                'file',
                `${nodePath.basename(abs)} is not valid JSON. Fix the file in a text editor, or restore the previous version ${nodePath.basename(abs)}.1 (copy it over the file).`,
              ),
            ],
    };
  }
};

/**
 * Writes `content` (text as is, anything else as pretty JSON) atomically, keeping the previous
 * versions (`.1` … `.5`). No policy check: callers pass a path the file policy allowed.
 */
export const writeProjectFileAtomic = async (path: string, content: unknown): Promise<string> => {
  const abs = nodePath.resolve(path);
  if (!abs.endsWith('.json')) throw new Error(`Project files end in .json; got ${abs}.`);
  await saveTextAtomic(
    abs,
    typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`,
  );
  return abs;
};

/**
 * The workspace the UI last reported (open project, scope, viewport), kept in one small JSON
 * file. `get` answers what the file held when this shell started, so that every page of one
 * session sees the same restart state (a page's own reloads use its localStorage).
 */
export class WorkspaceMemory {
  private readonly atLaunch: WorkspaceState | null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {
    this.atLaunch = WorkspaceMemory.read(file);
  }

  static read(file: string): WorkspaceState | null {
    try {
      const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<WorkspaceState> | null;
      if (!v || typeof v !== 'object' || typeof v.scope !== 'string') return null;
      return {
        scope: v.scope,
        ...(typeof v.path === 'string' ? { path: v.path } : {}),
        ...(v.viewport && typeof v.viewport === 'object' ? { viewport: v.viewport } : {}),
      };
    } catch {
      return null;
    }
  }

  get(): WorkspaceState | null {
    return this.atLaunch;
  }

  /** Writes are queued (last one wins) and atomic: a temp file renamed over the old one. */
  set(state: WorkspaceState): Promise<void> {
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        await fs.mkdir(nodePath.dirname(this.file), { recursive: true });
        const tmp = `${this.file}.${process.pid}.tmp`;
        await fs.writeFile(tmp, JSON.stringify(state, null, 2), 'utf8');
        await fs.rename(tmp, this.file);
      });
    return this.writing;
  }
}

export const listProjects = async (dir: string): Promise<string[]> => {
  try {
    const names = await fs.readdir(dir);
    return names
      .filter((n) => n.endsWith('.tessera.json'))
      .sort()
      .map((n) => nodePath.join(dir, n));
  } catch {
    return [];
  }
};
