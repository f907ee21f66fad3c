// The two project versions the save-kill test alternates: the DDPM template (a real project
// file) under a name that says which version it is, with a notes field (documents keep unknown
// fields) that makes each a few hundred KB, so a write takes a while.
import type { TesseraDocument } from '../../../core/document/document.types';
import { serializeDocument } from '../../../core/document/serialize-document';

export const noteLines = 5000;

export const versionText = (template: TesseraDocument, version: number): string =>
  serializeDocument({
    ...template,
    name: `DDPM version ${version}`,
    notes: Array.from(
      { length: noteLines },
      (_, k) => `version ${version}, line ${k}: one of the two versions the save-kill test writes`,
    ),
  });
