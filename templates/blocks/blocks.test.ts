// Every block (templates/blocks/<id>.json) is a format-version-2 document holding one module
// with params and a doc; called once with two widths, it compiles with no errors and its
// output follows the width.
import { readFileSync, readdirSync } from 'node:fs';
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { compileDocument } from '../../core/graph/compile';
import { loadDocument } from '../../core/document/load-document';
import type { DocEdge, DocNode, TesseraDocument } from '../../core/document/document.types';
import type { ParamValue } from '../../core/node-contract/param-spec';
import { nodeRegistry } from '../../nodes/registry';
import { createShapeEnv } from '../../main/engine/data/data-provider';

const dir = nodePath.dirname(fileURLToPath(import.meta.url));
const loadBlock = (id: string): TesseraDocument => {
  const r = loadDocument(JSON.parse(readFileSync(nodePath.join(dir, `${id}.json`), 'utf8')));
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.document!;
};

const node = (id: string, type: string, params: Record<string, ParamValue>): DocNode => {
  const def = nodeRegistry.get(type)!;
  const defaults = Object.fromEntries(Object.entries(def.params).map(([k, s]) => [k, s.default]));
  return {
    id,
    type,
    typeVersion: def.version,
    params: { ...defaults, ...params } as never,
    position: { x: 0, y: 0 },
  };
};
const edge = (s: string, t: string): DocEdge => {
  const [sn, sp] = s.split('.') as [string, string];
  const [tn, tp] = t.split('.') as [string, string];
  return { id: `${s}->${t}`, source: { node: sn, port: sp }, target: { node: tn, port: tp } };
};
const param = (id: string, shape: number[]): DocNode => node(id, 'math/parameter', { shape });

interface Case {
  id: string;
  /** Sources and edges into the instance `block`, for a width. */
  inputs(width: number): { nodes: DocNode[]; edges: DocEdge[] };
  params(width: number): Record<string, ParamValue>;
  outputs(width: number): Record<string, unknown[]>;
}

const cases: Case[] = [
  {
    id: 'residual-conv-block',
    inputs: (w) => ({ nodes: [param('src', [2, 8, 8, w])], edges: [edge('src.y', 'block.x')] }),
    params: (w) => ({ width: w, groups: 8 }),
    outputs: (w) => ({ y: [2, 8, 8, w] }),
  },
  {
    id: 'mlp',
    inputs: () => ({ nodes: [param('src', [2, 10, 12])], edges: [edge('src.y', 'block.x')] }),
    params: (w) => ({ hidden: w * 4, out: w }),
    outputs: (w) => ({ y: [2, 10, w] }),
  },
  {
    id: 'transformer-block',
    inputs: (w) => ({ nodes: [param('src', [2, 10, w])], edges: [edge('src.y', 'block.x')] }),
    params: (w) => ({ width: w, heads: 4, hidden: w * 4 }),
    outputs: (w) => ({ y: [2, 10, w], attention: [2, 4, 10, 10] }),
  },
  {
    id: 'unet-down-stage',
    inputs: () => ({
      nodes: [node('data', 'data/mnist', {})],
      edges: [edge('data.image', 'block.x')],
    }),
    params: (w) => ({ width: w }),
    outputs: (w) => ({ skip: ['B', 28, 28, w], y: ['B', 14, 14, w] }),
  },
  {
    id: 'unet-up-stage',
    inputs: () => ({
      nodes: [param('low', [2, 4, 4, 24]), param('high', [2, 8, 8, 8])],
      edges: [edge('low.y', 'block.x'), edge('high.y', 'block.skip')],
    }),
    params: (w) => ({ width: w }),
    outputs: (w) => ({ y: [2, 8, 8, w] }),
  },
];

describe('blocks (templates/blocks)', () => {
  it('has a test case for every block file, and each holds one module with params and a doc', () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -'.json'.length))
      .sort();
    expect(files).toEqual(cases.map((c) => c.id).sort());
    for (const id of files) {
      const doc = loadBlock(id);
      expect(doc.formatVersion).toBe(2);
      expect(Object.keys(doc.nodes)).toEqual([]);
      const modules = Object.values(doc.modules);
      expect(modules).toHaveLength(1);
      expect(modules[0]!.doc?.length).toBeGreaterThan(40);
      expect(Object.keys(modules[0]!.params).length).toBeGreaterThan(0);
      // Built only from primitives: no family-specific nodes, no nested modules.
      for (const n of Object.values(modules[0]!.nodes))
        expect(n.type).toMatch(
          /^(layers|normalization|activation|math|resample|shape|position|attention|module\/(input|output))\b/,
        );
    }
  });

  for (const c of cases)
    it(`${c.id}: called with width 16 and 32, compiles with no errors and its outputs follow`, () => {
      const block = loadBlock(c.id);
      const mid = Object.keys(block.modules)[0]!;
      for (const width of [16, 32]) {
        const { nodes, edges } = c.inputs(width);
        const doc: TesseraDocument = {
          ...block,
          nodes: Object.fromEntries(
            [...nodes, node('block', 'module/instance', { module: mid, ...c.params(width) })].map(
              (n) => [n.id, n],
            ),
          ),
          edges: Object.fromEntries(edges.map((e) => [e.id, e])),
        };
        const r = compileDocument(doc, nodeRegistry, createShapeEnv());
        expect(r.diagnostics).toEqual([]);
        const types = r.program!.graph.nodes.block!.outputTypes;
        const shapes = Object.fromEntries(
          Object.entries(types).map(([k, t]) => [k, (t as unknown as { shape: unknown[] }).shape]),
        );
        expect(shapes).toEqual(c.outputs(width));
      }
    });
});
