// Reads the files an export ships: the closure of relative imports from the program's roots
// (layer files, the export runtime), from this Tessera installation.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importClosure } from '../../../core/codegen/import-closure';

/** The folder that holds core/, nodes/ and main/ (this file is main/engine/export/). */
export const tesseraRoot = (): string =>
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Repo-relative path -> content for every file reachable from `roots` (extension-less module paths). */
export const collectSources = (
  roots: readonly string[],
  root = tesseraRoot(),
): { sources: Record<string, string>; missing: string[] } => {
  const cache = new Map<string, string | undefined>();
  const read = (rel: string): string | undefined => {
    if (cache.has(rel)) return cache.get(rel);
    let text: string | undefined;
    try {
      text = readFileSync(path.join(root, rel), 'utf8');
    } catch {
      text = undefined;
    }
    cache.set(rel, text);
    return text;
  };
  const closure = importClosure(roots, read);
  const sources: Record<string, string> = {};
  for (const f of closure.files) sources[f] = read(f)!;
  return { sources, missing: closure.missing };
};
