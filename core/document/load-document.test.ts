import { describe, it, expect } from 'vitest';
import { loadDocument } from './load-document';
import { serializeDocument } from './serialize-document';
import { createEmptyDocument } from './create-empty-document';
import { APP_VERSION } from './app-version';

describe('loadDocument', () => {
  it('loads an empty document with no diagnostics and round-trips it', () => {
    const doc = createEmptyDocument('Empty');
    const r = loadDocument(serializeDocument(doc));
    expect(r.diagnostics).toEqual([]);
    expect(r.document).toEqual(doc);
  });

  it('reports JSON syntax errors with line and column', () => {
    const r = loadDocument('{\n  "format": "tessera.project",\n  "name": ,\n}');
    expect(r.document).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toContain('line 3, column 11');
    const r2 = loadDocument('{"a": 1');
    expect(r2.diagnostics[0]!.message).toContain('line 1, column 8');
  });

  it('refuses things that are not project objects', () => {
    for (const input of [null, 42, 'null', '[1,2]', [], undefined, '"text"']) {
      const r = loadDocument(input);
      expect(r.document).toBeUndefined();
      expect(r.diagnostics[0]!.message).toContain('must hold a JSON object');
    }
  });

  it('refuses a wrong format tag', () => {
    const r = loadDocument({ format: 'comfyui.workflow', formatVersion: 1 });
    expect(r.diagnostics[0]!.message).toContain('not a Tessera project');
    expect(r.diagnostics[0]!.path).toBe('/format');
  });

  it('refuses a document newer than the app, naming the app version needed', () => {
    const r = loadDocument({
      format: 'tessera.project',
      formatVersion: 7,
      appVersion: '3.2.0',
      name: 'x',
      nodes: {},
    });
    expect(r.document).toBeUndefined();
    expect(r.diagnostics[0]!.severity).toBe('error');
    expect(r.diagnostics[0]!.message).toContain('Install Tessera 3.2.0 or newer');
    expect(r.diagnostics[0]!.message).toContain(`Tessera ${APP_VERSION} reads up to version 2`);
  });

  it('keeps unknown fields at every level', () => {
    const input = {
      ...createEmptyDocument('x'),
      extraTop: { a: 1 },
      nodes: {
        n: {
          id: 'n',
          type: 't',
          typeVersion: 1,
          params: {},
          position: { x: 1, y: 2, z: 3 },
          color: 'red',
        },
      },
      edges: {
        e: {
          id: 'e',
          source: { node: 'n', port: 'o', handle: 'h' },
          target: { node: 'n', port: 'i' },
          style: 'dashed',
        },
      },
      modules: { m: { id: 'm', name: 'M', params: {}, nodes: {}, edges: {}, icon: 'star' } },
      training: {
        seed: 0,
        batchSize: 1,
        stages: [
          {
            id: 's',
            name: 's',
            steps: 1,
            objectives: [
              {
                id: 'o',
                name: 'o',
                optimizer: 'n',
                updates: [],
                every: 1,
                from: 0,
                clipGradNorm: 0,
                note: 'x',
              },
            ],
            tag: 1,
          },
        ],
        checkpointEvery: 0,
        lrSchedule: 'cos',
      },
      previews: { p: { id: 'p', kind: 'samples', title: 'P', sources: [], every: 5, zoom: 2 } },
    };
    const r = loadDocument(JSON.stringify(input));
    expect(r.diagnostics).toEqual([]);
    expect(r.document).toEqual(input);
    expect(JSON.parse(serializeDocument(r.document!))).toEqual(input);
  });

  it('fills defaults for fields a hand-written file leaves out', () => {
    const r = loadDocument({
      format: 'tessera.project',
      formatVersion: 2,
      nodes: { a: { id: 'a', type: 'test/source' } },
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.document!.nodes.a).toEqual({
      id: 'a',
      type: 'test/source',
      typeVersion: 1,
      params: {},
      position: { x: 0, y: 0 },
    });
    expect(r.document!.training).toEqual({
      seed: 0,
      batchSize: 32,
      stages: [],
      checkpointEvery: 0,
    });
    expect(r.document!.edges).toEqual({});
  });

  it('reports wrong types with the JSON path', () => {
    const r = loadDocument({ format: 'tessera.project', formatVersion: 2, nodes: 'abc' });
    expect(r.document).toBeUndefined();
    expect(r.diagnostics[0]!.path).toBe('/nodes');
    const r2 = loadDocument({
      format: 'tessera.project',
      formatVersion: 2,
      nodes: { a: { id: 'a', type: 5 } },
    });
    expect(r2.diagnostics[0]!.path).toBe('/nodes/a/type');
  });

  it('warns when a record key and the id inside differ', () => {
    const r = loadDocument({
      format: 'tessera.project',
      formatVersion: 2,
      nodes: { a: { id: 'b', type: 't' } },
    });
    expect(r.document).toBeDefined();
    expect(r.diagnostics[0]).toMatchObject({ severity: 'warning', path: '/nodes/a/id' });
  });

  it('serializes stably: header first, other keys sorted, same bytes twice', () => {
    const doc = { ...createEmptyDocument('S'), zeta: 1, alpha: { b: 1, a: 2 } };
    const s = serializeDocument(doc);
    expect(s.indexOf('"format"')).toBeLessThan(s.indexOf('"formatVersion"'));
    expect(s.indexOf('"alpha"')).toBeLessThan(s.indexOf('"zeta"'));
    expect(s.indexOf('"a": 2')).toBeLessThan(s.indexOf('"b": 1'));
    expect(serializeDocument(loadDocument(s).document!)).toBe(s);
  });
});
