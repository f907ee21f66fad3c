import { describe, expect, it } from 'vitest';
import type { RecoveryEntry } from '../../core/ipc/contract';
import { formatRecoveryTime, recoveryOffer, recoveryOffers } from './recovery-offer';

const now = new Date(2026, 11, 1, 21, 30); // 1 Dec 2026, 21:30 local time
const at = (...a: [number, number, number, number, number]) => new Date(...a).toISOString();
const entry = (over: Partial<RecoveryEntry> = {}): RecoveryEntry => ({
  id: 'doc-aaaaaaaa',
  path: '/home/ada/Tessera/vqgan.tessera.json',
  name: 'VQGAN',
  savedAt: at(2026, 11, 1, 14, 2),
  editingSince: at(2026, 11, 1, 13, 50),
  diskChanged: false,
  document: {},
  ...over,
});

describe('recovery offers', () => {
  it('names the file and the time of the recovered state', () => {
    expect(recoveryOffer(entry(), now)).toEqual({
      id: 'doc-aaaaaaaa',
      text: 'Recovered unsaved changes to vqgan.tessera.json from today at 14:02',
      path: '/home/ada/Tessera/vqgan.tessera.json',
    });
  });

  it('an untitled document is named by its document name', () => {
    const o = recoveryOffer(entry({ path: undefined, name: 'Sketch' }), now);
    expect(o.text).toBe('Recovered unsaved changes to "Sketch" (untitled) from today at 14:02');
    expect(o.note).toBeUndefined();
  });

  it('Windows paths give the file name too', () => {
    expect(recoveryOffer(entry({ path: 'C:\\Users\\ada\\gan.tessera.json' }), now).text).toMatch(
      /to gan\.tessera\.json from/,
    );
  });

  it('adds the compare note when the file on disk changed since the edits began', () => {
    const o = recoveryOffer(entry({ diskChanged: true }), now);
    expect(o.note).toBe(
      'vqgan.tessera.json has changed on disk since these edits began (today at 13:50). Compare before saving: Save would replace the version on disk.',
    );
  });

  it('formats times: today, yesterday, an earlier day; a bad time says so', () => {
    expect(formatRecoveryTime(at(2026, 11, 1, 9, 5), now)).toBe('today at 09:05');
    expect(formatRecoveryTime(at(2026, 10, 30, 23, 59), now)).toBe('yesterday at 23:59');
    expect(formatRecoveryTime(at(2026, 10, 3, 18, 40), now)).toBe('3 Nov 2026 at 18:40');
    expect(formatRecoveryTime('not a time', now)).toBe('an unknown time');
  });

  it('shows the newest three first and counts the rest', () => {
    const entries = [10, 14, 12, 9, 11].map((h) =>
      entry({ id: `doc-${h}xxxxxxx`, savedAt: at(2026, 11, 1, h, 0) }),
    );
    const { shown, more } = recoveryOffers(entries, now);
    expect(shown.map((o) => o.id)).toEqual(['doc-14xxxxxxx', 'doc-12xxxxxxx', 'doc-11xxxxxxx']);
    expect(more).toBe(2);
    expect(recoveryOffers([], now)).toEqual({ shown: [], more: 0 });
  });
});
