// Writes a document as stable, pretty JSON: the header fields first in a fixed order, every
// other object's keys sorted, so that saving twice gives the same bytes and diffs stay small.
import type { TesseraDocument } from './document.types';

const HEADER = ['format', 'formatVersion', 'appVersion', 'name', 'description'];

const sortKeys = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
  return out;
};

export const serializeDocument = (doc: TesseraDocument): string => {
  const ordered: Record<string, unknown> = {};
  for (const k of HEADER) if (doc[k] !== undefined) ordered[k] = doc[k];
  for (const k of Object.keys(doc).sort()) if (!HEADER.includes(k)) ordered[k] = sortKeys(doc[k]);
  return `${JSON.stringify(ordered, null, 2)}\n`;
};
