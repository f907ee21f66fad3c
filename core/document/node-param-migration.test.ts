import { describe, it, expect } from 'vitest';
import { migrateNodeParams, migrateParamsOf } from './node-param-migration';
import { testDense } from '../graph/testing/fake-nodes';
import { createRegistry } from '../node-contract/node-definition';
import { graphDoc, moduleOf, node } from '../graph/testing/doc-builder';

describe('node param migrations', () => {
  it('applies migrateParams when typeVersion < version, inside modules too, without touching the input', () => {
    const doc = graphDoc([node('d', 'test/dense', { size: 3 })], [], {
      modules: { m: moduleOf('m', [node('d2', 'test/dense', { size: 4 })], []) },
    });
    const r = migrateNodeParams(doc, createRegistry([testDense]));
    expect(r.document.nodes.d).toMatchObject({ typeVersion: 2, params: { units: 3 } });
    expect(r.document.modules.m!.nodes.d2).toMatchObject({ typeVersion: 2, params: { units: 4 } });
    expect(r.diagnostics.map((d) => d.path)).toEqual(['/nodes/d', '/modules/m/nodes/d2']);
    expect(doc.nodes.d!.params).toEqual({ size: 3 });
  });

  it('returns the same document when nothing needs migrating', () => {
    const doc = graphDoc(
      [node('d', 'test/dense', { units: 3 }, { typeVersion: 2 }), node('u', 'unknown/type')],
      [],
    );
    expect(migrateNodeParams(doc, createRegistry([testDense])).document).toBe(doc);
  });

  it('turns a throwing migration into an error diagnostic', () => {
    const broken = {
      ...testDense,
      migrateParams: () => {
        throw new Error('bad data');
      },
    };
    const r = migrateParamsOf(node('d', 'test/dense', { size: 3 }, { label: 'Head' }), broken);
    expect(r.migrated).toBe(false);
    expect(r.diagnostic).toMatchObject({
      severity: 'error',
      nodeId: 'd',
      message: expect.stringContaining(
        'Head: could not upgrade its params from Dense version 1 to 2 (bad data)',
      ),
    });
  });
});
