import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl, paperLinkHosts } from '../../electron/external-links';
import { repoRoot } from '../paths';
import { catalogEntry, templateCatalog, templateFamilies } from './template-catalog';
import { maxResultsBytes, pngSize } from './template-results';

const root = repoRoot();
const templateIds = readdirSync(nodePath.join(root, 'templates'))
  .filter((n) => n.endsWith('.json'))
  .map((n) => n.slice(0, -'.json'.length))
  .sort();

describe('the templates catalog (family, paper, results image)', () => {
  it('lists every template in templates/ and nothing else', () => {
    expect(templateIds.length).toBeGreaterThanOrEqual(20);
    expect(
      Object.keys(templateCatalog).sort(),
      'each templates/<id>.json needs an entry (family, paper, results image) in template-catalog.ts',
    ).toEqual(templateIds);
  });

  it('gives each a known family and a paper the desktop shell will open', () => {
    const hosts = paperLinkHosts();
    for (const id of templateIds) {
      const e = catalogEntry(id)!;
      expect(templateFamilies, id).toContain(e.family);
      expect(e.paper.citation.length, id).toBeGreaterThan(20);
      expect(isAllowedExternalUrl(e.paper.url, hosts), `${id}: ${e.paper.url}`).toBe(true);
    }
    expect(catalogEntry('gan')).toBeUndefined();
    expect(catalogEntry('constructor')).toBeUndefined();
    expect(catalogEntry('__proto__')).toBeUndefined();
  });

  it('names results images that exist in docs/results as small PNGs', () => {
    const withResults = templateIds.filter((id) => catalogEntry(id)?.results);
    expect(withResults.length).toBeGreaterThanOrEqual(17);
    for (const id of withResults) {
      const r = catalogEntry(id)!.results!;
      expect(r.file, id).toMatch(/^[a-z0-9][a-z0-9-]*\.png$/);
      const path = nodePath.join(root, 'docs', 'results', r.file);
      expect(statSync(path).size, id).toBeLessThanOrEqual(maxResultsBytes);
      const size = pngSize(readFileSync(path));
      expect(size && size.width >= 60 && size.height >= 60, `${id}: ${r.file}`).toBe(true);
      expect(r.caption.length, id).toBeGreaterThan(20);
    }
  });
});
