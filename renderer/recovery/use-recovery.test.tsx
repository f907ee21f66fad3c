// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createEmptyDocument } from '../../core/document/create-empty-document';
import type { Bridge, RecoveryEntry } from '../../core/ipc/contract';
import { DocumentStore } from '../store/document-store';
import { RecoveryBanner } from './recovery-banner';
import { useRecovery } from './use-recovery';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const recovered = (over: Partial<RecoveryEntry> = {}): RecoveryEntry => {
  const document = createEmptyDocument('Recovered VQGAN');
  return {
    id: 'doc-0123456789abcdef',
    path: '/home/ada/Tessera/vqgan.tessera.json',
    name: document.name,
    savedAt: new Date().toISOString(),
    editingSince: new Date().toISOString(),
    diskChanged: false,
    document,
    ...over,
  };
};

/** A bridge holding a journal with `entries`, recording every recovery call. */
const journalBridge = (entries: RecoveryEntry[]) => {
  const calls: [string, unknown][] = [];
  const bridge = {
    invoke: vi.fn(async (channel: string, payload?: unknown) => {
      calls.push([channel, payload]);
      return channel === 'recovery:list' ? entries : undefined;
    }),
    on: () => () => undefined,
  } as unknown as Bridge;
  return { bridge, calls };
};

const Studio = ({ store, bridge }: { store: DocumentStore; bridge: Bridge }) => {
  const r = useRecovery(store, bridge);
  return (
    <RecoveryBanner offers={r.offers} more={r.more} onRestore={r.restore} onDiscard={r.discard} />
  );
};

describe('the recovery offer at start', () => {
  it('offers what the journal holds; Restore opens it unsaved with its path and keeps journaling it', async () => {
    const store = new DocumentStore(createEmptyDocument('Untitled'));
    const entry = recovered();
    const { bridge, calls } = journalBridge([entry]);
    render(<Studio store={store} bridge={bridge} />);
    const text = await screen.findByTestId('recovery-text');
    expect(text.textContent).toMatch(
      /^Recovered unsaved changes to vqgan\.tessera\.json from today at \d\d:\d\d$/,
    );
    expect(screen.queryByTestId('recovery-note')).toBeNull();

    act(() => fireEvent.click(screen.getByRole('button', { name: 'Restore' })));
    const snap = store.getSnapshot();
    expect(snap.doc.name).toBe('Recovered VQGAN');
    expect(snap.path).toBe('/home/ada/Tessera/vqgan.tessera.json');
    expect(snap.dirty).toBe(true);
    expect(screen.queryByTestId('recovery-offers')).toBeNull(); // the offer is gone
    await waitFor(() =>
      expect(calls.filter(([c]) => c === 'recovery:write')).toEqual([
        [
          'recovery:write',
          {
            id: entry.id,
            path: entry.path,
            document: expect.objectContaining({ name: 'Recovered VQGAN' }),
          },
        ],
      ]),
    );
    // Restoring never saves: no project:save, no discard of the entry.
    expect(calls.map(([c]) => c)).not.toContain('project:save');
    expect(calls.map(([c]) => c)).not.toContain('recovery:discard');
  });

  it('shows the compare note when the file on disk changed since', async () => {
    const store = new DocumentStore(createEmptyDocument('Untitled'));
    render(
      <Studio store={store} bridge={journalBridge([recovered({ diskChanged: true })]).bridge} />,
    );
    expect((await screen.findByTestId('recovery-note')).textContent).toMatch(
      /vqgan\.tessera\.json has changed on disk since these edits began .* Compare before saving/,
    );
  });

  it('Discard asks, then deletes the entry; the document on the canvas is untouched', async () => {
    const store = new DocumentStore(createEmptyDocument('Mine'));
    const { bridge, calls } = journalBridge([recovered()]);
    render(<Studio store={store} bridge={bridge} />);
    await screen.findByTestId('recovery-offer');
    const confirm = vi
      .spyOn(window, 'confirm')
      .mockReturnValueOnce(false)
      .mockReturnValueOnce(true);
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Discard' })));
    expect(screen.getByTestId('recovery-offer')).toBeTruthy(); // declined: still offered
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Discard' })));
    expect(confirm).toHaveBeenCalledTimes(2);
    expect(confirm.mock.calls[0]?.[0]).toMatch(
      /vqgan\.tessera\.json\? They cannot be brought back/,
    );
    await waitFor(() =>
      expect(calls).toContainEqual(['recovery:discard', { id: 'doc-0123456789abcdef' }]),
    );
    expect(screen.queryByTestId('recovery-offers')).toBeNull();
    expect(store.getSnapshot()).toMatchObject({ dirty: false });
    expect(store.getSnapshot().doc.name).toBe('Mine');
  });

  it('Restore over unsaved work asks first; declining keeps the open document', async () => {
    const store = new DocumentStore(createEmptyDocument('Mine'));
    store.dispatch('Rename', (d) => {
      d.name = 'Mine, edited';
    });
    render(<Studio store={store} bridge={journalBridge([recovered()]).bridge} />);
    await screen.findByTestId('recovery-offer');
    vi.spyOn(window, 'confirm').mockReturnValue(false);
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Restore' })));
    expect(store.getSnapshot().doc.name).toBe('Mine, edited');
    expect(screen.getByTestId('recovery-offer')).toBeTruthy();
  });

  it('a recovered document that no longer loads shows its problems and stays offered', async () => {
    const store = new DocumentStore(createEmptyDocument('Untitled'));
    const bad = recovered({ document: { format: 'not-tessera' } });
    render(<Studio store={store} bridge={journalBridge([bad]).bridge} />);
    await screen.findByTestId('recovery-offer');
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Restore' })));
    const problem = store.getSnapshot().fileProblem;
    expect(problem?.path).toBe('the recovered changes to vqgan.tessera.json');
    expect(problem?.diagnostics.length).toBeGreaterThan(0);
    expect(store.getSnapshot().doc.name).toBe('Untitled');
    expect(screen.getByTestId('recovery-offer')).toBeTruthy();
  });

  it('nothing to offer: no strip at all', async () => {
    const store = new DocumentStore(createEmptyDocument('Untitled'));
    const { bridge, calls } = journalBridge([]);
    render(<Studio store={store} bridge={bridge} />);
    await waitFor(() => expect(calls.map(([c]) => c)).toContain('recovery:list'));
    expect(screen.queryByTestId('recovery-offers')).toBeNull();
  });
});
