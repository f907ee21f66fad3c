// One recovery journal entry: a file `<id>.json` in the journal folder holding an open
// document's unsaved state, the project file it belongs to (none for an untitled one), when it
// was written, when the editing began and the hash of the project file as it was then.
import { z } from 'zod';

export const journalEntryFormat = 'tessera-recovery';
export const journalEntryVersion = 1;

const entrySchema = z.object({
  format: z.literal(journalEntryFormat),
  version: z.literal(journalEntryVersion),
  id: z.string().regex(/^[A-Za-z0-9_-]{8,80}$/),
  /** The project file (absolute), or null for an untitled document. */
  path: z.string().min(1).nullable(),
  /** When this entry was written (ISO 8601). */
  savedAt: z.string().datetime(),
  /** When the unsaved editing began: the first journal write since the document was opened or saved. */
  editingSince: z.string().datetime(),
  /** sha256 of the project file when the editing began; null when there was none on disk. */
  baseHash: z.string().nullable(),
  document: z.record(z.string(), z.unknown()),
});

export type JournalEntry = z.infer<typeof entrySchema>;

export const journalFileName = (id: string): string => `${id}.json`;

/** The entry as written to disk. */
export const serializeJournalEntry = (e: JournalEntry): string => `${JSON.stringify(e)}\n`;

/** Reads an entry file's text; a damaged or foreign file gives the reason instead. */
export const parseJournalEntry = (text: string): { entry: JournalEntry } | { problem: string } => {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { problem: `not JSON (${(e as Error).message})` };
  }
  const r = entrySchema.safeParse(raw);
  if (r.success) return { entry: r.data };
  return {
    problem: r.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(entry)'} ${i.message}`)
      .join('; '),
  };
};
