import { describe, it, expect } from 'vitest';
import { compileLoaded } from './compile';
import { testEnv, testRegistry } from './testing/test-registry';
import { edge, graphDoc, node } from './testing/doc-builder';

const registry = testRegistry();
const compile = (doc: Parameters<typeof compileLoaded>[0]) => compileLoaded(doc, registry, testEnv);
const errors = (doc: Parameters<typeof compileLoaded>[0]) =>
  compile(doc).diagnostics.filter((d) => d.severity === 'error');

describe('structure pass', () => {
  it('keeps an unknown node type as a placeholder with an error, and does not cascade', () => {
    const doc = graphDoc(
      [
        node('src', 'test/source'),
        node('mystery', 'vendor/conv', { k: 3 }, { label: 'Mystery' }),
        node('c', 'test/conv'),
      ],
      [edge('src.out', 'mystery.in'), edge('mystery.out', 'c.x')],
    );
    const r = compile(doc);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({
      severity: 'error',
      source: 'structure',
      nodeId: 'mystery',
    });
    expect(r.diagnostics[0]!.message).toContain('unknown node type "vendor/conv"');
    expect(r.diagnostics[0]!.message).toContain('Mystery');
    expect(r.diagnostics[0]!.message).toContain('Did you mean test/conv');
    const p = r.program!.graph.nodes.mystery!;
    expect(p.def).toBeUndefined();
    expect(p.params).toEqual({ k: 3 });
    expect(r.program!.graph.nodes.c!.shapeStatus).toBe('skipped');
    expect(r.program!.graph.nodes.src!.shapeStatus).toBe('ok');
  });

  it('reports an edge to a missing node at the node that exists, and not again as a missing input', () => {
    const r = compile(graphDoc([node('c', 'test/conv')], [edge('ghost.out', 'c.x', 'e1')]));
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ nodeId: 'c', path: '/edges/e1' });
    expect(r.diagnostics[0]!.message).toContain('node "ghost", which does not exist');
    expect(r.diagnostics[0]!.message).toContain('delete the edge');
  });

  it('reports an edge between two missing nodes at the document level', () => {
    const r = compile(graphDoc([], [edge('a.o', 'b.i', 'e1')]));
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', path: '/edges/e1' }),
    ]);
  });

  it('reports missing ports, listing the ports that exist', () => {
    const r = compile(
      graphDoc([node('s', 'test/source'), node('c', 'test/conv')], [edge('s.nope', 'c.x')]),
    );
    expect(
      errors(graphDoc([node('s', 'test/source'), node('c', 'test/conv')], [edge('s.nope', 'c.x')])),
    ).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toContain('Source has no output "nope" (its outputs: "out")');
    const r2 = compile(
      graphDoc([node('s', 'test/source'), node('c', 'test/conv')], [edge('s.out', 'c.z')]),
    );
    const msgs = r2.diagnostics.map((d) => d.message);
    expect(msgs.some((m) => m.includes('Conv has no input "z" (its inputs: "x")'))).toBe(true);
    expect(msgs.some((m) => m.includes('Conv needs an input on "x"'))).toBe(true);
  });

  it('reports a missing required input, naming the node and port', () => {
    const r = compile(graphDoc([node('c', 'test/conv', {}, { label: 'Decoder' })], []));
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        source: 'structure',
        nodeId: 'c',
        port: 'x',
        message: expect.stringContaining('Decoder needs an input on "x"'),
      }),
    ]);
  });

  it('does not require optional inputs', () => {
    const r = compile(
      graphDoc([node('s', 'test/source'), node('l', 'test/loss')], [edge('s.out', 'l.a')]),
    );
    expect(r.diagnostics).toEqual([]);
  });

  it('reports two producers into one input and keeps the first', () => {
    const r = compile(
      graphDoc(
        [
          node('s1', 'test/source', {}, { label: 'A' }),
          node('s2', 'test/source', {}, { label: 'B' }),
          node('c', 'test/conv'),
        ],
        [edge('s1.out', 'c.x'), edge('s2.out', 'c.x')],
      ),
    );
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toContain('two producers (A.out and B.out)');
    expect(r.program!.graph.nodes.c!.inputs.x).toEqual({ node: 's1', port: 'out' });
  });

  it('refuses a model port wired to a tensor port', () => {
    const r = compile(
      graphDoc(
        [node('s', 'test/source'), node('smp', 'test/sampler')],
        [edge('s.out', 'smp.model')],
      ),
    );
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ nodeId: 'smp', port: 'model' });
    expect(r.diagnostics[0]!.message).toContain(
      'takes a model handle (connect a Module Handle), but Source.out gives a tensor',
    );
  });

  it('is safe with ids that name Object.prototype members', () => {
    const r = compile(
      graphDoc(
        [node('constructor', 'toString'), node('c', 'test/conv')],
        [edge('__proto__.x', 'c.constructor'), edge('hasOwnProperty.y', 'c.x')],
      ),
    );
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.program!.graph.nodes.c!.inputs).toEqual({});
  });

  it('warns about a duplicate edge instead of calling it two producers', () => {
    const r = compileLoaded(
      graphDoc(
        [node('s', 'test/source'), node('c', 'test/conv')],
        [edge('s.out', 'c.x', 'e1'), edge('s.out', 'c.x', 'e2')],
      ),
      registry,
      testEnv,
    );
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message:
          'Conv input "x" is connected twice from Source.out; delete the duplicate edge "e2".',
      }),
    ]);
  });

  it('names an unlabelled node of unknown type by its id', () => {
    const r = compileLoaded(graphDoc([node('n7', 'vendor/thing')], []), registry, testEnv);
    expect(r.diagnostics[0]!.message).toMatch(
      /^Node "n7" has an unknown node type "vendor\/thing"/,
    );
  });
});
