// templates:results: the sample grid of a template's trained results, read from a fixed file per
// template id (template-catalog.ts) inside the results folder (docs/results). Nothing the
// renderer sends names a file: an id outside the catalog, a catalog name that is not a plain
// .png name, a missing, oversized or non-PNG file all answer null (the gallery then shows only
// the graph thumbnail).
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import type { TemplateResults } from '../../../core/ipc/contract';
import { catalogEntry } from './template-catalog';

/** The largest results image sent to the UI (the biggest in docs/results is about 290 KB). */
export const maxResultsBytes = 2 * 1024 * 1024;

const plainPngName = /^[a-z0-9][a-z0-9-]*\.png$/;
const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk, or undefined when the bytes are not a PNG. */
export const pngSize = (bytes: Buffer): { width: number; height: number } | undefined => {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(pngSignature)) return undefined;
  if (bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  return width > 0 && height > 0 ? { width, height } : undefined;
};

/** The file templates:results would read for this id, or undefined (no image in the catalog). */
export const resultsFileOf = (resultsDir: string, id: string): string | undefined => {
  const file = catalogEntry(id)?.results?.file;
  if (file === undefined || !plainPngName.test(file)) return undefined;
  return nodePath.join(resultsDir, file);
};

export const readTemplateResults = async (
  resultsDir: string,
  id: string,
): Promise<TemplateResults | null> => {
  const entry = catalogEntry(id)?.results;
  const path = resultsFileOf(resultsDir, id);
  if (!entry || path === undefined) return null;
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile() || stat.size > maxResultsBytes) return null;
    const bytes = await fs.readFile(path);
    const size = pngSize(bytes);
    if (!size) return null;
    return {
      image: `data:image/png;base64,${bytes.toString('base64')}`,
      ...size,
      caption: entry.caption,
      source: `docs/results/${entry.file}`,
    };
  } catch {
    return null;
  }
};
