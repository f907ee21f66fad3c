// The one file policy, decided by the main process and the same in both shells. The app reads
// and writes inside the projects folder; outside it, only a path the user chose in a file
// dialog owned by the main process (a single-use grant for that action), and afterwards the
// files the user opened or saved that way (this session's files; the recent list for opening).
// Every path from the UI passes here first; refusals say how to choose the file instead.
import * as nodePath from 'node:path';
import { FileGrants } from './file-grants';
import {
  checkPathShape,
  extensionFor,
  liesInside,
  realPathOf,
  type FileAction,
} from './path-rules';

/** Why a path was allowed. */
export type AllowedVia = 'projects-folder' | 'dialog' | 'session' | 'recent';

export type PolicyVerdict =
  | { ok: true; /** The real path to read or write. */ path: string; via: AllowedVia }
  | { ok: false; message: string };

export type ChoiceVerdict = { ok: true; path: string } | { ok: false; message: string };

export interface FilePolicyOptions {
  projectsDir: string;
  /** The main side's recent files (paths it opened or saved before, this session or earlier). */
  recent: () => Promise<readonly string[]>;
  grants?: FileGrants;
}

const verbOf: Record<FileAction, string> = { open: 'open', save: 'save', export: 'export to' };

/** Where the UI lets the user choose a file for each action. */
export const dialogFor: Record<FileAction, string> = {
  open: 'Open…',
  save: 'Save As…',
  export: 'Save export… (Code panel)',
};

export class FilePolicy {
  readonly projectsDir: string;
  private readonly grants: FileGrants;
  private readonly session = new Set<string>();

  constructor(private readonly o: FilePolicyOptions) {
    this.projectsDir = nodePath.resolve(o.projectsDir);
    this.grants = o.grants ?? new FileGrants();
  }

  /**
   * A path the user chose in the main process's file dialog (Electron's native dialog, or the
   * web shell's in-app dialog reporting its choice): checked, then granted for this one action.
   */
  async grantChosen(action: FileAction, path: string): Promise<ChoiceVerdict> {
    const shape = checkPathShape(action, path, this.projectsDir);
    if (!shape.ok) return shape;
    const real = await realPathOf(shape.abs);
    const wrongTarget = this.wrongTarget(action, shape.abs, real);
    if (wrongTarget) return { ok: false, message: wrongTarget };
    this.grants.give(action, real);
    return { ok: true, path: real };
  }

  /** Whether the UI may do `action` with `path` now; spends a dialog's grant when it is the reason. */
  async check(action: FileAction, path: string): Promise<PolicyVerdict> {
    const shape = checkPathShape(action, path, this.projectsDir);
    if (!shape.ok) return shape;
    const [real, root] = await Promise.all([realPathOf(shape.abs), realPathOf(this.projectsDir)]);
    const wrongTarget = this.wrongTarget(action, shape.abs, real);
    if (wrongTarget) return { ok: false, message: wrongTarget };
    if (liesInside(root, real)) return { ok: true, path: real, via: 'projects-folder' };
    if (this.grants.use(action, real)) return { ok: true, path: real, via: 'dialog' };
    if (action !== 'export' && this.session.has(real))
      return { ok: true, path: real, via: 'session' };
    if (action === 'open' && (await this.o.recent()).includes(real))
      return { ok: true, path: real, via: 'recent' };
    return { ok: false, message: this.outsideMessage(action, shape.abs, real) };
  }

  /** Records a file opened or saved through the policy: saving it again needs no new dialog. */
  remember(realPath: string): void {
    this.session.add(realPath);
  }

  /** A symlink whose target lacks the action's extension (e.g. a.tessera.json -> ~/.ssh/id). */
  private wrongTarget(action: FileAction, abs: string, real: string): string | undefined {
    const ext = extensionFor(action);
    if (real === abs || real.toLowerCase().endsWith(ext)) return undefined;
    return `Refusing to ${verbOf[action]} ${abs}: it is a link to ${real}, which is not a ${ext} file. Choose the file itself in ${dialogFor[action]}.`;
  }

  private outsideMessage(action: FileAction, abs: string, real: string): string {
    const resolves = real !== abs ? ` (it resolves to ${real})` : '';
    return `Refusing to ${verbOf[action]} ${abs}: it is outside the projects folder ${this.projectsDir}${resolves}. To use a file elsewhere, choose it with ${dialogFor[action]}: a file picked in that dialog is allowed; or keep the file in the projects folder.`;
  }
}
