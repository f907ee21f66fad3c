// Keeps the recovery journal in step with the document store: while the open document has
// unsaved changes, each new state goes to the journal under the document's journal id; once it
// is saved (or undone back to the saved state) its entry is removed. Opening another document
// removes the previous one's entry only when the user confirmed discarding its changes
// (confirmDiscard): a document replaced without asking keeps its work journaled.
import type { DocumentStore, StoreSnapshot } from '../store/document-store';
import type { JournalSender } from './journal-sender';

/** A fresh journal id (also a file name on the main side: letters, digits and '-'). */
export const newJournalId = (): string => {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `doc-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
};

export class RecoveryTracker {
  private id: string;
  /** Whether the journal holds an entry under `id` (written, or restored from it). */
  private journaled = false;
  private loads: number;
  private sent: { doc: StoreSnapshot['doc']; path?: string } | undefined;
  private adoptNext: string | undefined;
  private discardConfirmed = false;

  constructor(
    private readonly store: Pick<DocumentStore, 'getSnapshot'>,
    private readonly sender: Pick<JournalSender, 'write' | 'discard'>,
    private readonly makeId: () => string = newJournalId,
  ) {
    this.id = makeId();
    this.loads = store.getSnapshot().loads;
  }

  get journalId(): string {
    return this.id;
  }

  /** The next document loaded is recovered work: it continues the journal entry `id`. */
  adopt(id: string): void {
    this.adoptNext = id;
  }

  /** The user confirmed discarding the open document's unsaved changes (New, Open, a template). */
  noteDiscardConfirmed(): void {
    this.discardConfirmed = true;
  }

  /** Call on every store change. */
  update(): void {
    const snap = this.store.getSnapshot();
    if (snap.loads !== this.loads) {
      this.loads = snap.loads;
      if (this.journaled && this.discardConfirmed) this.sender.discard(this.id);
      this.id = this.adoptNext ?? this.makeId();
      this.journaled = this.adoptNext !== undefined;
      this.adoptNext = undefined;
      this.sent = undefined;
    }
    // A confirmation counts for the load it was given for, not a later one.
    this.discardConfirmed = false;
    if (!snap.dirty) {
      if (this.journaled) this.sender.discard(this.id);
      this.journaled = false;
      this.sent = undefined;
      return;
    }
    if (this.sent && this.sent.doc === snap.doc && this.sent.path === snap.path) return;
    this.sent = { doc: snap.doc, path: snap.path };
    this.journaled = true;
    this.sender.write({
      id: this.id,
      ...(snap.path ? { path: snap.path } : {}),
      document: snap.doc,
    });
  }
}
