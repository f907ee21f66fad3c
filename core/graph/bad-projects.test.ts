// Every file in tests/fixtures/bad-projects/ holds one fault; expected-diagnostics.json says
// which diagnostic it must produce. Loading must never throw.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileDocument } from './compile';
import { testEnv, testRegistry } from './testing/test-registry';

const dir = join(__dirname, '../../tests/fixtures/bad-projects');
const SIDECAR = 'expected-diagnostics.json';
const expected = JSON.parse(readFileSync(join(dir, SIDECAR), 'utf8')) as Record<
  string,
  { severity: string; source: string; substring: string }
>;
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && f !== SIDECAR)
  .sort();
const registry = testRegistry();

describe('bad projects', () => {
  it('has an expectation for every fixture and a fixture for every expectation', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(Object.keys(expected).sort()).toEqual(files);
  });

  it.each(files)('%s: no throw, the expected diagnostic', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const want = expected[file]!;
    const r = compileDocument(text, registry, testEnv);
    const hit = r.diagnostics.find(
      (d) =>
        d.severity === want.severity &&
        d.source === want.source &&
        d.message.includes(want.substring),
    );
    expect(hit, JSON.stringify(r.diagnostics, null, 2)).toBeDefined();
    // A document that loaded always comes with a program; one that did not, with neither.
    expect(r.program === undefined).toBe(r.document === undefined);
    if (want.source === 'document' && want.severity === 'error') expect(r.document).toBeUndefined();
  });
});
