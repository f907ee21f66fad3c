import { describe, expect, it } from 'vitest';
import { createEmptyDocument } from '../../core/document/create-empty-document';
import type { Bridge } from '../../core/ipc/contract';
import { DocumentStore } from '../store/document-store';
import { JournalSender } from './journal-sender';
import { newJournalId, RecoveryTracker } from './recovery-tracker';

/** A bridge that records the recovery calls it is asked, answering after `delayMs`. */
const recordingBridge = (delayMs = 0) => {
  const calls: string[] = [];
  const bridge = {
    invoke: async (channel: string, payload: { id: string; document?: { name: string } }) => {
      await new Promise((r) => setTimeout(r, delayMs));
      calls.push(
        channel === 'recovery:write'
          ? `write ${payload.id} ${payload.document?.name}`
          : `${channel} ${payload.id}`,
      );
    },
  } as unknown as Pick<Bridge, 'invoke'>;
  return { bridge, calls };
};

const setup = (delayMs = 0) => {
  const store = new DocumentStore(createEmptyDocument('Untitled'));
  const { bridge, calls } = recordingBridge(delayMs);
  const sender = new JournalSender(bridge);
  let n = 0;
  const tracker = new RecoveryTracker(store, sender, () => `id-${++n}-xxxxxxxx`);
  store.subscribe(() => tracker.update());
  const rename = (name: string) =>
    store.dispatch(`Rename ${name}`, (d) => {
      d.name = name;
    });
  return { store, sender, tracker, calls, rename };
};

describe('RecoveryTracker (the store -> journal)', () => {
  it('journals each unsaved state and removes the entry once saved', async () => {
    const { store, sender, calls, rename } = setup();
    store.load(createEmptyDocument('p'), '/tmp/p.tessera.json');
    rename('one');
    await sender.idle();
    rename('two');
    store.select([]); // view state: nothing new to journal
    await sender.idle();
    store.markSaved('/tmp/p.tessera.json');
    await sender.idle();
    expect(calls).toEqual([
      'write id-2-xxxxxxxx one',
      'write id-2-xxxxxxxx two',
      'recovery:discard id-2-xxxxxxxx',
    ]);
  });

  it('a clean document is never journaled; undo back to the saved state removes the entry', async () => {
    const { store, sender, calls, rename } = setup();
    store.select([]);
    rename('changed');
    store.undo();
    await sender.idle();
    expect(calls).toEqual(['write id-1-xxxxxxxx changed', 'recovery:discard id-1-xxxxxxxx']);
  });

  it('a burst of edits while a call runs costs one more call, with the newest state', async () => {
    const { sender, calls, rename } = setup(30);
    for (let i = 0; i < 20; i++) rename(`edit ${i}`);
    await sender.idle();
    expect(calls).toEqual(['write id-1-xxxxxxxx edit 0', 'write id-1-xxxxxxxx edit 19']);
  });

  it('opening another document after the user confirmed discarding removes the old entry', async () => {
    const { store, tracker, sender, calls, rename } = setup();
    rename('sketch');
    tracker.noteDiscardConfirmed();
    store.load(createEmptyDocument('next'));
    rename('next edited');
    await sender.idle();
    expect(calls).toEqual([
      'write id-1-xxxxxxxx sketch',
      'recovery:discard id-1-xxxxxxxx',
      'write id-2-xxxxxxxx next edited',
    ]);
  });

  it('a document replaced without confirmation keeps its entry (its work stays recoverable)', async () => {
    const { store, tracker, sender, calls, rename } = setup();
    rename('sketch');
    tracker.noteDiscardConfirmed();
    // The confirmed open failed (the file has gone): the confirmation does not carry over.
    store.showFileProblem({ path: '/tmp/gone.tessera.json', diagnostics: [] });
    store.load(createEmptyDocument('opened from a dialog'));
    await sender.idle();
    expect(calls).toEqual(['write id-1-xxxxxxxx sketch']);
  });

  it('restored work continues its own entry, unsaved, and is journaled at once', async () => {
    const { store, tracker, sender, calls, rename } = setup();
    tracker.adopt('old-entry-1234');
    store.load(createEmptyDocument('recovered'), '/tmp/r.tessera.json', { unsaved: true });
    expect(tracker.journalId).toBe('old-entry-1234');
    rename('recovered, edited');
    await sender.idle();
    store.markSaved('/tmp/r.tessera.json');
    await sender.idle();
    expect(calls).toEqual([
      'write old-entry-1234 recovered',
      'write old-entry-1234 recovered, edited',
      'recovery:discard old-entry-1234',
    ]);
  });

  it('a failed call is reported and the next state is still sent', async () => {
    const errors: string[] = [];
    let fail = true;
    const bridge = {
      invoke: async (_c: string, p: { document?: { name: string } }) => {
        if (fail) {
          fail = false;
          throw new Error('the shell is gone');
        }
        errors.push(`sent ${p.document?.name}`);
      },
    } as unknown as Pick<Bridge, 'invoke'>;
    const sender = new JournalSender(bridge, (m) => errors.push(m));
    sender.write({ id: 'doc-aaaaaaaa', document: { name: 'a' } });
    await sender.idle();
    sender.write({ id: 'doc-aaaaaaaa', document: { name: 'b' } });
    await sender.idle();
    expect(errors).toEqual(['the shell is gone', 'sent b']);
  });

  it('journal ids are valid file names and differ', () => {
    const a = newJournalId();
    expect(a).toMatch(/^doc-[0-9a-f]{24}$/);
    expect(newJournalId()).not.toBe(a);
  });
});
