import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrateV0ToV1 } from './v0-to-v1.migration';
import { migrateV1ToV2 } from './v1-to-v2.migration';
import { documentMigrations } from './migration';
import { loadDocument } from '../load-document';
import { compileDocument } from '../../graph/compile';
import { testEnv, testRegistry } from '../../graph/testing/test-registry';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(join(__dirname, '../../../tests/fixtures/migrations', name), 'utf8'),
  ) as Record<string, unknown>;

describe('format migration 0 -> 1', () => {
  it('matches the golden output', () => {
    expect(migrateV0ToV1(fixture('v0-to-v1.input.json'))).toEqual(
      fixture('v0-to-v1.expected.json'),
    );
  });

  it('is registered under formatVersion 0 and pure (input unchanged)', () => {
    const input = fixture('v0-to-v1.input.json');
    const copy = structuredClone(input);
    expect(documentMigrations[0]).toBe(migrateV0ToV1);
    migrateV0ToV1(input);
    expect(input).toEqual(copy);
  });

  it('runs when loading, with an info diagnostic, and the result compiles cleanly', () => {
    const loaded = loadDocument(JSON.stringify(fixture('v0-to-v1.input.json')));
    expect(loaded.diagnostics.map((d) => d.severity)).toEqual(['info']);
    // Loading runs every migration up to the current version; the v0 -> v1 golden is the first step.
    expect(loaded.document).toEqual(migrateV1ToV2(fixture('v0-to-v1.expected.json')));
    const compiled = compileDocument(fixture('v0-to-v1.input.json'), testRegistry(), testEnv);
    expect(compiled.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(compiled.program!.graph.nodes.dec!.outputTypes.y).toMatchObject({
      shape: ['B', 28, 28, 1],
    });
  });

  it('leaves malformed edges for the structure pass to report instead of throwing', () => {
    const out = migrateV0ToV1({
      formatVersion: 0,
      nodes: [{ id: 'a' }, 3],
      edges: [{ from: 'nodot', to: 5 }, 'x'],
    });
    expect(out.edges).toEqual({
      'edge-1': { id: 'edge-1', source: { node: 'nodot', port: '' }, target: 5 },
      'edge-2': 'x',
    });
    expect(out.nodes).toEqual({ a: { id: 'a' }, 'node-2': 3 });
  });
});
