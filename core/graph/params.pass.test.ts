import { describe, it, expect } from 'vitest';
import { compileLoaded } from './compile';
import { compileDocument } from './compile';
import { testEnv, testRegistry } from './testing/test-registry';
import { edge, graphDoc, node } from './testing/doc-builder';

const registry = testRegistry();

describe('params pass', () => {
  it('reports a param out of range, naming node and fix, and skips shapes quietly', () => {
    const doc = graphDoc(
      [node('s', 'test/source', { H: 0 }, { label: 'Images' }), node('c', 'test/conv')],
      [edge('s.out', 'c.x')],
    );
    const r = compileLoaded(doc, registry, testEnv);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        source: 'params',
        nodeId: 's',
        message: 'Images: H is 0; set it between 1 and 1024.',
      }),
    ]);
    expect(r.program!.graph.nodes.c!.shapeStatus).toBe('skipped');
  });

  it('reports wrong types and enum values', () => {
    const doc = graphDoc(
      [node('s', 'test/source', { W: 'wide' }), node('l', 'test/loss', { reduction: 'sum' })],
      [edge('s.out', 'l.a')],
    );
    const msgs = compileLoaded(doc, registry, testEnv).diagnostics.map((d) => d.message);
    expect(msgs).toContain('Source: W must be a number; got "wide".');
    expect(msgs).toContain('MSE: reduction is "sum"; choose one of mean, none.');
  });

  it('warns about unknown param keys but still types the node', () => {
    const r = compileLoaded(
      graphDoc([node('s', 'test/source', { depth: 3 })], []),
      registry,
      testEnv,
    );
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining('param "depth" that Source does not use'),
      }),
    ]);
    expect(r.program!.graph.nodes.s!.shapeStatus).toBe('ok');
  });

  it('fills defaults', () => {
    const r = compileLoaded(graphDoc([node('s', 'test/source', { H: 4 })], []), registry, testEnv);
    expect(r.program!.graph.nodes.s!.params).toEqual({ H: 4, W: 8, C: 1 });
  });

  it('migrates params saved by an older node version', () => {
    const doc = graphDoc(
      [
        node('s', 'test/source', { H: 2, W: 2, C: 3 }),
        node('f', 'test/flatten'),
        node('d', 'test/dense', { size: 5 }, { typeVersion: 1 }),
      ],
      [edge('s.out', 'f.x'), edge('f.y', 'd.x')],
    );
    const loaded = compileLoaded(doc, registry, testEnv);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.program!.graph.nodes.d!.params).toEqual({ units: 5 });
    expect(loaded.program!.graph.nodes.d!.outputTypes.y).toMatchObject({ shape: ['B', 5] });
    const full = compileDocument(doc, registry, testEnv);
    expect(full.document!.nodes.d).toMatchObject({ typeVersion: 2, params: { units: 5 } });
    expect(full.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'info',
        nodeId: 'd',
        message: expect.stringContaining('upgraded from Dense version 1 to 2'),
      }),
    ]);
    expect(doc.nodes.d!.params).toEqual({ size: 5 }); // pure
  });

  it('warns when a node was saved by a newer version of its type', () => {
    const r = compileLoaded(
      graphDoc([node('s', 'test/source', {}, { typeVersion: 9 })], []),
      registry,
      testEnv,
    );
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining('newer version (9)'),
      }),
    ]);
  });
});
