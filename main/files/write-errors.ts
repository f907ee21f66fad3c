// What a failed write means to the user: the file named, what happened, that the file on disk
// is unchanged, and what to do next.
import { errnoOf } from './save-fs';

export type WriteKind = 'save' | 'export';

const causeOf = (code: string | undefined): { why: string; fix: string } | undefined => {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return {
        why: 'the disk is full',
        fix: 'free some space on that disk and save again, or choose a folder on another disk',
      };
    case 'EACCES':
    case 'EPERM':
      return {
        why: 'permission was denied',
        fix: 'choose a folder you can write to, or give your user write permission on that folder',
      };
    case 'EROFS':
      return {
        why: 'the disk is read-only',
        fix: 'choose a folder on a writable disk',
      };
    case 'EISDIR':
      return { why: 'a folder has that name', fix: 'choose another file name' };
    case 'ENAMETOOLONG':
      return { why: 'the name is too long', fix: 'choose a shorter name' };
    default:
      return undefined;
  }
};

export const describeWriteError = (kind: WriteKind, path: string, e: unknown): string => {
  const code = errnoOf(e);
  const cause = causeOf(code);
  const again = kind === 'save' ? 'Save As…' : 'Save export…';
  if (kind === 'save') {
    const unchanged = 'The file on disk is unchanged.';
    return cause
      ? `Could not save ${path}: ${cause.why}. ${unchanged} To fix it, ${cause.fix} (${again}).`
      : `Could not save ${path}: ${(e as Error).message}. ${unchanged} Try again, or save elsewhere with ${again}.`;
  }
  return cause
    ? `Could not write the export ${path}: ${cause.why}. To fix it, ${cause.fix} (${again}).`
    : `Could not write the export ${path}: ${(e as Error).message}. Try again, or choose another folder with ${again}.`;
};
