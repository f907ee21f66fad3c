// compileDocument and canConnect never throw, whatever they are given.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { compileDocument, compileLoaded } from './compile';
import { canConnect } from './can-connect';
import { testEnv, testRegistry } from './testing/test-registry';
import { edge, graphDoc, node } from './testing/doc-builder';
import { serializeDocument } from '../document/serialize-document';

const registry = testRegistry();
const types = [
  'test/source',
  'test/conv',
  'test/flatten',
  'test/loss',
  'test/optimizer',
  'test/sampler',
  'test/dense',
  'test/broken',
  'module/instance',
  'module/handle',
  'module/input',
  'module/output',
  'nope',
  '__proto__',
  'constructor',
];
const ids = ['a', 'b', 'c', 'd', '__proto__', 'constructor'];
const ports = ['out', 'x', 'y', 'a', 'b', 'loss', 'model', 'value', 'toString'];
const paramValue = fc.oneof(
  fc.integer({ min: -5, max: 70 }),
  // JSON has no Infinity or NaN (JSON.stringify writes null, which a param cannot be): the
  // serialised round trip below needs values JSON can carry. Non-finite values reach the
  // compiler through compileLoaded, which the huge-number fixtures cover.
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.string({ maxLength: 4 }),
  fc.array(fc.integer(), { maxLength: 3 }),
);

const docArb = fc
  .record({
    nodes: fc.array(
      fc.record({
        id: fc.constantFrom(...ids),
        type: fc.constantFrom(...types),
        params: fc.dictionary(
          fc.constantFrom('H', 'C', 'inChannels', 'module', 'name', 'reduction', 'shape', 'zz'),
          paramValue,
          { maxKeys: 3 },
        ),
      }),
      { maxLength: 6 },
    ),
    edges: fc.array(
      fc.tuple(
        fc.constantFrom(...ids),
        fc.constantFrom(...ports),
        fc.constantFrom(...ids),
        fc.constantFrom(...ports),
      ),
      { maxLength: 8 },
    ),
  })
  .map(({ nodes, edges }) =>
    graphDoc(
      nodes.map((n) => node(n.id, n.type, n.params)),
      edges.map(([a, p, b, q], i) => edge(`${a}.${p}`, `${b}.${q}`, `e${i}`)),
    ),
  );

describe('compiler robustness', () => {
  it('never throws on arbitrary JSON values or text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.string(), fc.json()), (input) => {
        const r = compileDocument(input, registry, testEnv);
        expect(Array.isArray(r.diagnostics)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random graphs of real and bogus nodes, and always returns a program', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const r = compileDocument(serializeDocument(doc), registry, testEnv);
        expect(r.program).toBeDefined();
        expect(r.diagnostics.every((d) => d.source !== 'compiler')).toBe(true);
        const l = compileLoaded(doc, registry, testEnv);
        expect(l.diagnostics.every((d) => d.source !== 'compiler')).toBe(true);
        const v = canConnect(
          doc,
          registry,
          testEnv,
          { node: 'a', port: 'out' },
          { node: 'b', port: 'x' },
        );
        expect(typeof v.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });
});
