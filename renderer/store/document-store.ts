// The editor's state: the document (recorded in History) plus view state that is never
// recorded (selection, file path, problems from the last open). React reads it through
// useSyncExternalStore.
import type { Draft } from 'immer';
import type { Diagnostic } from '../../core/diagnostics/diagnostic';
import type { TesseraDocument } from '../../core/document/document.types';
import { History, type EditOptions } from './history';

export interface FileProblem {
  path: string;
  diagnostics: Diagnostic[];
}

export interface StoreSnapshot {
  doc: TesseraDocument;
  path?: string;
  dirty: boolean;
  canUndo: boolean;
  canRedo: boolean;
  undoLabel?: string;
  redoLabel?: string;
  selection: readonly string[];
  /** The graph on the canvas: '' the project's top level, else the module being edited (view state). */
  scope: string;
  /** Problems of the last file that failed to open (the canvas keeps the previous document). */
  fileProblem?: FileProblem;
  /** How many documents were loaded (opened, New, a template): the canvas fits its view to each. */
  loads: number;
}

export class DocumentStore {
  private history: History<TesseraDocument>;
  private path: string | undefined;
  private selection: readonly string[] = [];
  private scope = '';
  private fileProblem: FileProblem | undefined;
  private loads = 0;
  private snapshot: StoreSnapshot;
  private listeners = new Set<() => void>();

  constructor(doc: TesseraDocument, path?: string) {
    this.history = new History(doc);
    this.path = path;
    this.snapshot = this.makeSnapshot();
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getSnapshot = (): StoreSnapshot => this.snapshot;

  get doc(): TesseraDocument {
    return this.history.state;
  }

  dispatch(
    label: string,
    recipe: (draft: Draft<TesseraDocument>) => void,
    opts: EditOptions = {},
  ): boolean {
    const changed = this.history.edit(label, recipe, opts);
    if (changed) {
      this.pruneSelection();
      this.emit();
    }
    return changed;
  }

  seal(): void {
    this.history.seal();
  }

  undo(): void {
    if (this.history.undo()) {
      this.pruneSelection();
      this.emit();
    }
  }

  redo(): void {
    if (this.history.redo()) {
      this.pruneSelection();
      this.emit();
    }
  }

  /**
   * Opening a file or a template: replaces the document, not undoable. `unsaved`: the document
   * is not what the file holds (recovered work), so it stays dirty until it is saved.
   */
  load(doc: TesseraDocument, path?: string, opts: { unsaved?: boolean } = {}): void {
    this.history.reset(doc);
    if (opts.unsaved) this.history.markUnsaved();
    this.path = path;
    this.selection = [];
    this.scope = '';
    this.fileProblem = undefined;
    this.loads++;
    this.emit();
  }

  /** Edit a module's inside (view state, not recorded). */
  enter(moduleId: string): void {
    if (!(moduleId in this.history.state.modules)) return;
    this.scope = moduleId;
    this.selection = [];
    this.emit();
  }

  exit(): void {
    if (this.scope === '') return;
    this.scope = '';
    this.selection = [];
    this.emit();
  }

  get currentScope(): string {
    return this.scope;
  }

  /** A file that could not be opened: keep the current document, show why. */
  showFileProblem(problem: FileProblem | undefined): void {
    this.fileProblem = problem;
    this.emit();
  }

  markSaved(path: string): void {
    this.path = path;
    this.history.markClean();
    this.emit();
  }

  select(ids: readonly string[]): void {
    const same =
      ids.length === this.selection.length && ids.every((id, i) => this.selection[i] === id);
    if (same) return;
    this.selection = [...ids];
    this.emit();
  }

  private pruneSelection(): void {
    if (this.scope !== '' && !(this.scope in this.history.state.modules)) this.scope = '';
    const nodes =
      this.scope === ''
        ? this.history.state.nodes
        : (this.history.state.modules[this.scope]?.nodes ?? {});
    if (this.selection.some((id) => !(id in nodes)))
      this.selection = this.selection.filter((id) => id in nodes);
  }

  private makeSnapshot(): StoreSnapshot {
    return {
      doc: this.history.state,
      path: this.path,
      dirty: this.history.dirty,
      canUndo: this.history.canUndo,
      canRedo: this.history.canRedo,
      undoLabel: this.history.undoLabel,
      redoLabel: this.history.redoLabel,
      selection: this.selection,
      scope: this.scope,
      fileProblem: this.fileProblem,
      loads: this.loads,
    };
  }

  private emit(): void {
    this.snapshot = this.makeSnapshot();
    for (const l of this.listeners) l();
  }
}
