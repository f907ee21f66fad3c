// Document migrations: pure functions keyed by the formatVersion they upgrade FROM.
// Each takes the raw (parsed, unvalidated) document and returns one at formatVersion + 1,
// keeping every field it does not understand.
import { CURRENT_FORMAT_VERSION } from '../document.types';
import { migrateV0ToV1 } from './v0-to-v1.migration';
import { migrateV1ToV2 } from './v1-to-v2.migration';

export type RawDocument = Record<string, unknown>;
export type DocumentMigration = (doc: RawDocument) => RawDocument;

export const documentMigrations: Readonly<Record<number, DocumentMigration>> = {
  0: migrateV0ToV1,
  1: migrateV1ToV2,
};

/** Runs every migration from `doc.formatVersion` up to the current version. */
export const migrateDocument = (doc: RawDocument, fromVersion: number): RawDocument => {
  let out = doc;
  for (let v = fromVersion; v < CURRENT_FORMAT_VERSION; v++) {
    const step = documentMigrations[v];
    if (!step) throw new Error(`No migration from format version ${v}.`);
    out = step(out);
  }
  return out;
};
