// Which dataset folders and files the UI may have the main side read (previews, and the Image
// Folder of a training run), by the same rules as project files: inside the projects folder, or
// chosen by the user with datasets:choose (the main process's native dialog in Electron; the web
// shell's in-app field, confirmed). A chosen folder covers everything below it, and choices are
// remembered (dataset-sources.json beside the recent files) so that reopening a project does not
// ask again. Paths are absolute, without NUL bytes or '..'; links are followed before deciding.
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { saveTextAtomic } from './atomic-save';
import { liesInside, realPathOf } from './path-rules';

export type DatasetPathKind = 'folder' | 'file';

export type DatasetVerdict = { ok: true; path: string } | { ok: false; message: string };

const what: Record<DatasetPathKind, string> = { folder: 'image folder', file: 'text file' };

export class DatasetAccess {
  private chosen: Promise<string[]> | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly o: {
      projectsDir: string;
      /** Where chosen dataset paths are remembered; none: for this session only. */
      file?: string;
      max?: number;
    },
  ) {}

  private shape(kind: DatasetPathKind, path: string): DatasetVerdict {
    if (path.includes('\0'))
      return {
        ok: false,
        message: `The ${what[kind]} path holds a NUL byte, which no file name may contain; choose it again.`,
      };
    if (path.trim() === '') return { ok: false, message: `No ${what[kind]} was named.` };
    if (path.split(/[\\/]/).includes('..'))
      return {
        ok: false,
        message: `Refusing ${path}: paths with '..' segments are not used; name the ${what[kind]} by its full path.`,
      };
    if (!nodePath.isAbsolute(path))
      return {
        ok: false,
        message: `${path} is not a full path; set the ${what[kind]} to its full path (e.g. /home/me/images) or choose it with Choose…`,
      };
    return { ok: true, path: nodePath.resolve(path) };
  }

  private list(): Promise<string[]> {
    this.chosen ??= (async () => {
      if (!this.o.file) return [];
      try {
        const v = JSON.parse(await fs.readFile(this.o.file, 'utf8')) as unknown;
        return Array.isArray(v)
          ? v.filter((p): p is string => typeof p === 'string' && nodePath.isAbsolute(p))
          : [];
      } catch {
        return [];
      }
    })();
    return this.chosen;
  }

  /** Whether the main side may read `path` for the UI now; the real path when it may. */
  async check(kind: DatasetPathKind, path: string): Promise<DatasetVerdict> {
    const s = this.shape(kind, path);
    if (!s.ok) return s;
    const [real, root] = await Promise.all([realPathOf(s.path), realPathOf(this.o.projectsDir)]);
    if (liesInside(root, real)) return { ok: true, path: real };
    for (const c of await this.list())
      if (c === real || liesInside(c, real)) return { ok: true, path: real };
    const resolves = real !== s.path ? ` (it resolves to ${real})` : '';
    return {
      ok: false,
      message: `Refusing to read the ${what[kind]} ${s.path}${resolves}: it is outside the projects folder ${this.o.projectsDir} and was not chosen. Choose it with Choose ${kind}… in the inspector (the app may then read it), or move it into the projects folder.`,
    };
  }

  /** Records a path the user chose in a dialog (or confirmed in the web shell's field). */
  async allow(kind: DatasetPathKind, path: string): Promise<DatasetVerdict> {
    const s = this.shape(kind, path);
    if (!s.ok) return s;
    const real = await realPathOf(s.path);
    let stat;
    try {
      stat = await fs.stat(real);
    } catch {
      return {
        ok: false,
        message: `The ${what[kind]} ${s.path} does not exist; choose one that does.`,
      };
    }
    if (kind === 'folder' ? !stat.isDirectory() : !stat.isFile())
      return {
        ok: false,
        message: `${s.path} is not a ${kind === 'folder' ? 'folder' : 'file'}; choose the ${what[kind]} itself.`,
      };
    const next = [real, ...(await this.list()).filter((p) => p !== real)].slice(
      0,
      this.o.max ?? 50,
    );
    this.chosen = Promise.resolve(next);
    const file = this.o.file;
    if (file)
      this.writing = this.writing
        .catch(() => undefined)
        .then(() => saveTextAtomic(file, JSON.stringify(next, null, 2), { keep: 0 }));
    await this.writing.catch(() => undefined);
    return { ok: true, path: real };
  }
}
