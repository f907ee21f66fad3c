// What the studio says about unsaved work an earlier run left: one line per journal entry,
// "Recovered unsaved changes to <file> from <time>", and a note when the file on disk has
// changed since the editing began (restoring and then saving would replace that version).
import type { RecoveryEntry } from '../../core/ipc/contract';

export interface RecoveryOffer {
  id: string;
  /** "Recovered unsaved changes to vqgan.tessera.json from today at 14:02". */
  text: string;
  /** Set when the project file changed on disk after these edits began. */
  note?: string;
  /** The full path, for a tooltip. */
  path?: string;
}

/** How many offers the banner shows at once; the rest wait their turn. */
export const maxOffersShown = 3;

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');
const sameDay = (a: Date, b: Date) =>
  a.getFullYear() === b.getFullYear() &&
  a.getMonth() === b.getMonth() &&
  a.getDate() === b.getDate();

/** Local time as a person reads it: "today at 14:02", "yesterday at 09:15", "3 Nov 2026 at 18:40". */
export const formatRecoveryTime = (iso: string, now: Date = new Date()): string => {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return 'an unknown time';
  const clock = `${two(t.getHours())}:${two(t.getMinutes())}`;
  if (sameDay(t, now)) return `today at ${clock}`;
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (sameDay(t, yesterday)) return `yesterday at ${clock}`;
  return `${t.getDate()} ${months[t.getMonth()]} ${t.getFullYear()} at ${clock}`;
};

/** The file's name (either separator), or the document's name for an untitled one. */
export const recoveredFileLabel = (e: Pick<RecoveryEntry, 'path' | 'name'>): string =>
  e.path ? (e.path.split(/[\\/]/).pop() ?? e.path) : `"${e.name}" (untitled)`;

export const recoveryOffer = (e: RecoveryEntry, now: Date = new Date()): RecoveryOffer => {
  const file = recoveredFileLabel(e);
  return {
    id: e.id,
    text: `Recovered unsaved changes to ${file} from ${formatRecoveryTime(e.savedAt, now)}`,
    ...(e.path ? { path: e.path } : {}),
    ...(e.diskChanged && e.path
      ? {
          note: `${file} has changed on disk since these edits began (${formatRecoveryTime(e.editingSince, now)}). Compare before saving: Save would replace the version on disk.`,
        }
      : {}),
  };
};

/** The offers to show, newest first, at most maxOffersShown, and how many more wait. */
export const recoveryOffers = (
  entries: readonly RecoveryEntry[],
  now: Date = new Date(),
): { shown: RecoveryOffer[]; more: number } => {
  const sorted = [...entries].sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  return {
    shown: sorted.slice(0, maxOffersShown).map((e) => recoveryOffer(e, now)),
    more: Math.max(0, sorted.length - maxOffersShown),
  };
};
