// Undo/redo over immer patches (tldraw HistoryManager, Excalidraw CaptureUpdateAction):
// every edit is one entry of patches + inverse patches; entries with the same merge key in a
// row are squashed (a drag, typing in one field); loading is not recorded.
import { applyPatches, enablePatches, produceWithPatches, type Draft, type Patch } from 'immer';

enablePatches();

export interface HistoryEntry {
  id: number;
  label: string;
  patches: Patch[];
  inverse: Patch[];
  mergeKey?: string;
}

export interface EditOptions {
  /** Consecutive edits with the same key become one undo step. */
  mergeKey?: string;
}

export class History<T> {
  private undoStack: HistoryEntry[] = [];
  private redoStack: HistoryEntry[] = [];
  private nextId = 1;
  /** Id of the entry at the top of the undo stack when the state was last marked clean (0 = empty stack). */
  private cleanAt = 0;

  constructor(private current: T) {}

  get state(): T {
    return this.current;
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  get undoLabel(): string | undefined {
    return this.undoStack[this.undoStack.length - 1]?.label;
  }

  get redoLabel(): string | undefined {
    return this.redoStack[this.redoStack.length - 1]?.label;
  }

  get depth(): { undo: number; redo: number } {
    return { undo: this.undoStack.length, redo: this.redoStack.length };
  }

  get dirty(): boolean {
    return (this.undoStack[this.undoStack.length - 1]?.id ?? 0) !== this.cleanAt;
  }

  /** Records an edit. Returns false when the recipe changed nothing (no entry). */
  edit(label: string, recipe: (draft: Draft<T>) => void, opts: EditOptions = {}): boolean {
    const [next, patches, inverse] = produceWithPatches(this.current, recipe);
    if (patches.length === 0) return false;
    this.current = next as T;
    this.redoStack = [];
    const top = this.undoStack[this.undoStack.length - 1];
    if (
      opts.mergeKey !== undefined &&
      top !== undefined &&
      top.mergeKey === opts.mergeKey &&
      top.id !== this.cleanAt
    ) {
      top.patches = [...top.patches, ...patches];
      top.inverse = [...inverse, ...top.inverse];
    } else {
      this.undoStack.push({ id: this.nextId++, label, patches, inverse, mergeKey: opts.mergeKey });
    }
    return true;
  }

  /** Ends squashing: the next edit with the same key starts a new entry. */
  seal(): void {
    const top = this.undoStack[this.undoStack.length - 1];
    if (top) top.mergeKey = undefined;
  }

  undo(): boolean {
    const e = this.undoStack.pop();
    if (!e) return false;
    this.current = applyPatches(this.current as object, e.inverse) as T;
    e.mergeKey = undefined;
    this.redoStack.push(e);
    return true;
  }

  redo(): boolean {
    const e = this.redoStack.pop();
    if (!e) return false;
    this.current = applyPatches(this.current as object, e.patches) as T;
    this.undoStack.push(e);
    return true;
  }

  /** Replaces the state without recording (opening a file or template); clears history. */
  reset(state: T): void {
    this.current = state;
    this.undoStack = [];
    this.redoStack = [];
    this.cleanAt = 0;
  }

  markClean(): void {
    this.cleanAt = this.undoStack[this.undoStack.length - 1]?.id ?? 0;
  }

  /** The state differs from the file whatever the stack holds (recovered work): dirty until the next markClean. */
  markUnsaved(): void {
    this.cleanAt = -1;
  }
}
