// The studio's side of crash recovery, the same in both shells (it goes through the bridge
// only): journals the open document's unsaved changes, and on start offers back the work an
// earlier run left (Restore / Discard).
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Bridge, RecoveryEntry } from '../../core/ipc/contract';
import type { DocumentStore } from '../store/document-store';
import { JournalSender } from './journal-sender';
import { recoveredFileLabel, recoveryOffers, type RecoveryOffer } from './recovery-offer';
import { RecoveryTracker } from './recovery-tracker';
import { restoreRecovered } from './restore-recovered';

export interface Recovery {
  offers: RecoveryOffer[];
  /** Entries waiting behind the ones shown. */
  more: number;
  restore(id: string): void;
  discard(id: string): void;
  /** The user confirmed discarding the open document's changes: its journal entry goes with it. */
  noteDiscardConfirmed(): void;
}

export const useRecovery = (store: DocumentStore, bridge: Bridge): Recovery => {
  const { tracker, sender } = useMemo(() => {
    const s = new JournalSender(bridge, (m) =>
      console.warn(`Unsaved changes could not be journaled: ${m}`),
    );
    return { sender: s, tracker: new RecoveryTracker(store, s) };
  }, [store, bridge]);
  const [entries, setEntries] = useState<RecoveryEntry[]>([]);

  useEffect(() => store.subscribe(() => tracker.update()), [store, tracker]);

  useEffect(() => {
    let cancelled = false;
    bridge.invoke('recovery:list').then(
      (list) => !cancelled && setEntries(list),
      () => undefined, // no journal to offer
    );
    return () => {
      cancelled = true;
    };
  }, [bridge]);

  const drop = useCallback((id: string) => setEntries((es) => es.filter((e) => e.id !== id)), []);

  const restore = useCallback(
    (id: string) => {
      const entry = entries.find((e) => e.id === id);
      if (!entry) return;
      if (store.getSnapshot().dirty) {
        if (
          !window.confirm(
            'Discard unsaved changes to the open project and restore the recovered ones?',
          )
        )
          return;
        tracker.noteDiscardConfirmed();
      }
      if (restoreRecovered(store, tracker, entry)) drop(id);
    },
    [entries, store, tracker, drop],
  );

  const discard = useCallback(
    (id: string) => {
      const entry = entries.find((e) => e.id === id);
      if (!entry) return;
      if (
        !window.confirm(
          `Discard the recovered changes to ${recoveredFileLabel(entry)}? They cannot be brought back.`,
        )
      )
        return;
      sender.discard(id);
      drop(id);
    },
    [entries, sender, drop],
  );

  const { shown, more } = useMemo(() => recoveryOffers(entries), [entries]);
  return {
    offers: shown,
    more,
    restore,
    discard,
    noteDiscardConfirmed: useCallback(() => tracker.noteDiscardConfirmed(), [tracker]),
  };
};
