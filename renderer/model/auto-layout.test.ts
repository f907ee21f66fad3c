import { describe, expect, it } from 'vitest';
import type { TesseraDocument } from '../../core/document/document.types';
import { nodeRegistry } from '../../nodes/registry';
import {
  boxesOverlap,
  documentLayoutNodes,
  layoutDocumentGraph,
  layoutGraph,
  predictedLabelBoxes,
  type LayoutNode,
} from './auto-layout';

const load = (files: Record<string, TesseraDocument>) =>
  Object.entries(files).map(([path, doc]) => ({
    file: path.replace('../../templates/', ''),
    doc,
  }));
const templates = load(
  import.meta.glob<TesseraDocument>('../../templates/*.json', { eager: true, import: 'default' }),
);
const blocks = load(
  import.meta.glob<TesseraDocument>('../../templates/blocks/*.json', {
    eager: true,
    import: 'default',
  }),
);

/** Every graph of every template: the top level and each module's inside. */
const graphs = [...templates, ...blocks].flatMap(({ file, doc }) => [
  ...(Object.keys(doc.nodes).length ? [{ name: `${file} (top level)`, doc, graph: doc }] : []),
  ...Object.values(doc.modules).map((m) => ({ name: `${file} module ${m.id}`, doc, graph: m })),
]);

describe('layoutGraph', () => {
  it('lays a chain out left to right, monotonically, on one row', () => {
    const nodes = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, width: 160, height: 80 }));
    const edges = nodes.slice(1).map((n, i) => ({
      source: { node: nodes[i]!.id, port: 'y' },
      target: { node: n.id, port: 'x' },
    }));
    const p = layoutGraph(nodes, edges);
    for (let i = 1; i < nodes.length; i++) {
      const prev = p[nodes[i - 1]!.id]!;
      const cur = p[nodes[i]!.id]!;
      expect(cur.x).toBeGreaterThanOrEqual(prev.x + 160);
      expect(cur.y).toBe(prev.y);
    }
    expect(p.a).toEqual({ x: 0, y: 0 });
  });

  it('gives every node a position, the unconnected ones too, deterministically', () => {
    const nodes = [
      { id: 'x', width: 100, height: 50 },
      { id: 'y', width: 100, height: 50 },
      { id: 'lonely', width: 100, height: 50 },
    ];
    const edges = [{ source: { node: 'x', port: 'o' }, target: { node: 'y', port: 'i' } }];
    const a = layoutGraph(nodes, edges);
    expect(Object.keys(a).sort()).toEqual(['lonely', 'x', 'y']);
    expect(layoutGraph(nodes, edges)).toEqual(a);
    expect(layoutGraph([], [])).toEqual({});
  });

  it('keeps a long edge’s label off the node it passes over', () => {
    // a -> b -> c, and a -> c: the a -> c label lands at b's column.
    const nodes = ['a', 'b', 'c'].map((id) => ({
      id,
      width: 160,
      height: 90,
      inputY: { x: 48, skip: 65 },
      outputY: { y: 48 },
    }));
    const edges = [
      { source: { node: 'a', port: 'y' }, target: { node: 'b', port: 'x' }, label: 'B x 8' },
      { source: { node: 'b', port: 'y' }, target: { node: 'c', port: 'x' }, label: 'B x 8' },
      {
        source: { node: 'a', port: 'y' },
        target: { node: 'c', port: 'skip' },
        label: 'B x 28 x 28 x 1',
      },
    ];
    const p = layoutGraph(nodes, edges);
    for (const l of predictedLabelBoxes(nodes, edges, p))
      for (const n of nodes) expect(boxesOverlap(l, { ...p[n.id]!, ...n })).toBe(false);
  });
});

describe('every template and module interior laid out', () => {
  it.each(graphs.map((g) => [g.name, g] as const))(
    '%s: no two node boxes overlap, no label over a node, edges run left to right',
    (_name, { doc, graph }) => {
      const nodes = documentLayoutNodes(graph, doc, nodeRegistry);
      const p = layoutDocumentGraph(graph, doc, nodeRegistry);
      const box = (n: LayoutNode) => ({ ...p[n.id]!, width: n.width, height: n.height });
      for (let i = 0; i < nodes.length; i++)
        for (let j = i + 1; j < nodes.length; j++)
          expect(
            boxesOverlap(box(nodes[i]!), box(nodes[j]!)),
            `${nodes[i]!.id} and ${nodes[j]!.id} overlap`,
          ).toBe(false);
      for (const e of Object.values(graph.edges))
        expect(
          p[e.target.node]!.x,
          `${e.source.node} -> ${e.target.node} runs right`,
        ).toBeGreaterThan(p[e.source.node]!.x);
      const edges = Object.values(graph.edges);
      for (const l of predictedLabelBoxes(nodes, edges, p))
        for (const n of nodes)
          expect(
            boxesOverlap(l, box(n)),
            `label of ${l.edge.source.node}->${l.edge.target.node} over ${n.id}`,
          ).toBe(false);
    },
  );

  it('covers every template file', () => {
    expect(templates.length).toBeGreaterThanOrEqual(10);
    expect(graphs.length).toBeGreaterThan(templates.length);
  });
});
