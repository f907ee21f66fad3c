import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrateV1ToV2 } from './v1-to-v2.migration';
import { documentMigrations } from './migration';
import { loadDocument } from '../load-document';
import { compileDocument } from '../../graph/compile';
import { testEnv, testRegistry } from '../../graph/testing/test-registry';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(join(__dirname, '../../../tests/fixtures/migrations', name), 'utf8'),
  ) as Record<string, unknown>;

describe('format migration 1 -> 2', () => {
  it('matches the golden output: module params added, implicit sharing made explicit', () => {
    expect(migrateV1ToV2(fixture('v1-to-v2.input.json'))).toEqual(
      fixture('v1-to-v2.expected.json'),
    );
  });

  it('is registered under formatVersion 1 and pure (input unchanged)', () => {
    const input = fixture('v1-to-v2.input.json');
    const copy = structuredClone(input);
    expect(documentMigrations[1]).toBe(migrateV1ToV2);
    migrateV1ToV2(input);
    expect(input).toEqual(copy);
  });

  it('runs when loading, and both instances keep sharing the decoder weights as before', () => {
    const loaded = loadDocument(JSON.stringify(fixture('v1-to-v2.input.json')));
    expect(loaded.diagnostics.map((d) => d.severity)).toEqual(['info']);
    expect(loaded.document).toEqual(fixture('v1-to-v2.expected.json'));
    const compiled = compileDocument(fixture('v1-to-v2.input.json'), testRegistry(), testEnv);
    expect(compiled.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(compiled.program!.graph.nodes.dec1!.params.weights).toBe('shared');
  });

  it('chains from version 0', () => {
    const loaded = loadDocument(JSON.stringify(fixture('v0-to-v1.input.json')));
    expect(loaded.document?.formatVersion).toBe(2);
  });

  it('leaves malformed parts for the loader to report', () => {
    expect(migrateV1ToV2({ formatVersion: 1, nodes: 3, modules: { m: 'x' } })).toEqual({
      formatVersion: 2,
      nodes: 3,
      modules: { m: 'x' },
    });
  });
});
