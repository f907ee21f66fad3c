// Restore: recovered work opens as the document it was, with its path, marked unsaved, and
// continues its journal entry; nothing is written to the project file until the user saves.
import type { RecoveryEntry } from '../../core/ipc/contract';
import { hasErrors } from '../../core/diagnostics/diagnostic';
import { loadDocument } from '../../core/document/load-document';
import type { DocumentStore } from '../store/document-store';
import { recoveredFileLabel } from './recovery-offer';
import type { RecoveryTracker } from './recovery-tracker';

/** Opens the entry's document unsaved; returns false (problems shown) when it does not load. */
export const restoreRecovered = (
  store: DocumentStore,
  tracker: Pick<RecoveryTracker, 'adopt'>,
  entry: RecoveryEntry,
): boolean => {
  const loaded = loadDocument(entry.document);
  if (!loaded.document || hasErrors(loaded.diagnostics)) {
    store.showFileProblem({
      path: `the recovered changes to ${recoveredFileLabel(entry)}`,
      diagnostics: loaded.diagnostics,
    });
    return false;
  }
  tracker.adopt(entry.id);
  store.load(loaded.document, entry.path, { unsaved: true });
  return true;
};
