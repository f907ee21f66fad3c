// Automatic layered layout (dagre, docs/adr/0006-auto-layout.md): a graph's nodes and edges plus
// each node's size -> top-left positions, left to right by data flow. Pure and synchronous, so that
// Arrange is one undoable command, a dropped fragment is laid out inside its insert recipe, and
// scripts/layout-templates.ts writes the same positions into templates/*.json.
//
// React Flow draws an edge's shape label at the midpoint of its two sockets, not where dagre routes
// the edge, so after dagre a pass moves nodes down their column until no predicted label box covers
// a node. Sockets' order: dagre has no ports; edges are added in socket order (its initial order
// follows it) and a node's inputs' sources tend to line up top to bottom, as far as dagre goes.
import dagre from '@dagrejs/dagre';
import type { DocEdge, DocNode, TesseraDocument } from '../../core/document/document.types';
import type { NodeRegistry } from '../../core/node-contract/node-definition';
import {
  MODULE_INPUT,
  MODULE_INSTANCE,
  MODULE_IO_PORT,
  MODULE_OUTPUT,
} from '../../core/graph/module-types';

export interface Point {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

/** One node to lay out: its box and, where known, its sockets' heights from the node's top. */
export interface LayoutNode extends Size {
  id: string;
  /** Input socket name -> its centre's distance from the node's top (estimated when absent). */
  inputY?: Record<string, number>;
  /** Output socket name -> its centre's distance from the node's top. */
  outputY?: Record<string, number>;
}

export interface LayoutEdge {
  source: { node: string; port: string };
  target: { node: string; port: string };
  /** The shape text drawn on the edge, when known (its box is kept clear of nodes). */
  label?: string;
}

export interface LayoutOptions {
  /** Space between two columns (ranks): an edge label sits in it. */
  rankGap: number;
  /** Space between two nodes of one column. */
  nodeGap: number;
  /** The box of an edge label of unknown text. */
  label: Size;
}

/** Tuned so that a shape label ("B x 14 x 14 x 16", about 100 px) fits between two columns. */
export const defaultLayoutOptions: LayoutOptions = {
  rankGap: 130,
  nodeGap: 36,
  label: { width: 112, height: 18 },
};

/** An edge label's box from its text: 10 px monospace (6.1 px a character) plus padding and border. */
export const labelSize = (
  text: string | undefined,
  o: LayoutOptions = defaultLayoutOptions,
): Size =>
  text === undefined ? o.label : { width: 12 + text.length * 6.1, height: o.label.height };

const LABEL_MARGIN = 6;
const HANDLE_OUT = 5; // a socket's centre sits on the border; edges start at its outer side

/** Measured in Chromium: the first socket's centre 68 px under a node's top, 17.5 px a row. */
const estimatedSocketY = (index: number): number => 68 + index * 17.5;
/** A module instance's extra line (its module and weights). */
const MODULE_LINE = 16;

/**
 * Positions (top-left corners) for every node. Deterministic; nodes in no edge go in the first
 * column. An empty graph gives {}.
 */
export const layoutGraph = (
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  options: Partial<LayoutOptions> = {},
): Record<string, Point> => {
  const o = { ...defaultLayoutOptions, ...options };
  if (nodes.length === 0) return {};
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const live = edges.filter(
    (e) => byId.has(e.source.node) && byId.has(e.target.node) && e.source.node !== e.target.node,
  );
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', ranksep: o.rankGap, nodesep: o.nodeGap, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: n.width, height: n.height });
  // Socket order: edges into a node's first input first.
  const order = (e: LayoutEdge) => {
    const t = byId.get(e.target.node);
    return t?.inputY?.[e.target.port] ?? 0;
  };
  [...live]
    .sort((a, b) => order(a) - order(b))
    .forEach((e, i) => g.setEdge(e.source.node, e.target.node, { weight: 1, minlen: 1 }, `e${i}`));
  dagre.layout(g);

  const pos = new Map<string, Point & { rank: number }>();
  for (const n of nodes) {
    const d = g.node(n.id) as { x: number; y: number; rank?: number };
    pos.set(n.id, { x: d.x - n.width / 2, y: d.y - n.height / 2, rank: Math.round(d.x) });
  }
  keepLabelsClear(nodes, live, pos, o);

  // Start at the origin, on whole pixels.
  const minX = Math.min(...[...pos.values()].map((p) => p.x));
  const minY = Math.min(...[...pos.values()].map((p) => p.y));
  const out: Record<string, Point> = {};
  for (const n of nodes) {
    const p = pos.get(n.id)!;
    out[n.id] = { x: Math.round(p.x - minX), y: Math.round(p.y - minY) };
  }
  return out;
};

const socketY = (n: LayoutNode, side: 'in' | 'out', port: string): number =>
  (side === 'in' ? n.inputY : n.outputY)?.[port] ?? estimatedSocketY(0);

/** Each edge's label box where React Flow draws it: centred between its two sockets. */
export const predictedLabelBoxes = (
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  positions: Record<string, Point> | Map<string, Point>,
  options: Partial<LayoutOptions> = {},
): { edge: LayoutEdge; x: number; y: number; width: number; height: number }[] => {
  const o = { ...defaultLayoutOptions, ...options };
  const at = (id: string) => (positions instanceof Map ? positions.get(id) : positions[id]);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out = [];
  for (const e of edges) {
    const s = byId.get(e.source.node);
    const t = byId.get(e.target.node);
    const ps = at(e.source.node);
    const pt = at(e.target.node);
    if (!s || !t || !ps || !pt) continue;
    const sy = ps.y + socketY(s, 'out', e.source.port);
    const ty = pt.y + socketY(t, 'in', e.target.port);
    const sx = ps.x + s.width + HANDLE_OUT;
    const tx = pt.x - HANDLE_OUT;
    const size = labelSize(e.label, o);
    out.push({
      edge: e,
      x: (sx + tx) / 2 - size.width / 2,
      y: (sy + ty) / 2 - size.height / 2,
      width: size.width,
      height: size.height,
    });
  }
  return out;
};

type Box = { x: number; y: number; width: number; height: number };
export const boxesOverlap = (a: Box, b: Box, margin = 0): boolean =>
  a.x < b.x + b.width + margin &&
  b.x < a.x + a.width + margin &&
  a.y < b.y + b.height + margin &&
  b.y < a.y + a.height + margin;

/** Moves nodes down their column (and the nodes below them) until no label box covers a node. */
const keepLabelsClear = (
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  pos: Map<string, Point & { rank: number }>,
  o: LayoutOptions,
): void => {
  for (let pass = 0; pass < 4 * nodes.length; pass++) {
    const labels = predictedLabelBoxes(nodes, edges, pos, o);
    let moved = false;
    for (const l of labels) {
      for (const n of nodes) {
        const p = pos.get(n.id)!;
        const box = { x: p.x, y: p.y, width: n.width, height: n.height };
        if (!boxesOverlap(l, box, LABEL_MARGIN)) continue;
        // Push this node and every node below it in its column under the label.
        const dy = l.y + l.height + LABEL_MARGIN - p.y + 1;
        for (const m of nodes) {
          const q = pos.get(m.id)!;
          if (q.rank === p.rank && q.y >= p.y) q.y += dy;
        }
        moved = true;
        break;
      }
      if (moved) break;
    }
    if (!moved) return;
  }
};

/** A node's box before the canvas has measured it, from what it shows (see tessera-node.tsx). */
export const estimateNodeSize = (
  node: DocNode,
  registry: NodeRegistry,
  ports: { inputs: readonly string[]; outputs: readonly string[] },
  moduleName?: string,
): Size => {
  const def = registry.get(node.type);
  const title = node.label ?? def?.title ?? node.type;
  const longest = (xs: readonly string[]) => Math.max(0, ...xs.map((x) => x.length));
  const inW = ports.inputs.length ? 20 + longest(ports.inputs) * 6.4 : 0;
  const outW = ports.outputs.length ? 20 + longest(ports.outputs) * 6.4 : 0;
  const width = Math.max(
    140,
    16 + title.length * 7.2 + 8,
    16 + node.id.length * 6.1,
    moduleName ? 16 + (moduleName.length + 16) * 6.1 : 0,
    // The cost line under the id ("36.6k params · 1.72M MACs"; "(shared)" on an instance).
    16 + (moduleName ? 36 : 24) * 6.1,
    inW + 12 + outW,
  );
  const rows = Math.max(ports.inputs.length, ports.outputs.length, 1);
  // Measured: head, id and cost lines and padding 66 px, (the module line 16), 17.5 px a row.
  const height = 66 + (moduleName ? MODULE_LINE : 0) + rows * 17.5;
  return { width: Math.ceil(width + 2), height: Math.ceil(height) };
};

type Graph = Pick<TesseraDocument, 'nodes' | 'edges'>;

export interface Socket {
  name: string;
  text: string;
}

/** A node's sockets: its definition's, a module instance's from its module, and any in an edge. */
export const socketsOf = (
  node: DocNode,
  doc: Pick<TesseraDocument, 'modules'>,
  registry: NodeRegistry,
  edges: readonly DocEdge[],
): { inputs: Socket[]; outputs: Socket[] } => {
  const def = registry.get(node.type);
  const inputs: Socket[] = (def?.inputs ?? []).map((p) => ({
    name: p.name,
    text: p.label ?? p.name,
  }));
  const outputs: Socket[] = (def?.outputs ?? []).map((p) => ({
    name: p.name,
    text: p.label ?? p.name,
  }));
  const add = (xs: Socket[], name: string) => {
    if (!xs.some((x) => x.name === name)) xs.push({ name, text: name });
  };
  const moduleId =
    node.type === MODULE_INSTANCE && typeof node.params.module === 'string'
      ? node.params.module
      : undefined;
  const m = moduleId ? doc.modules[moduleId] : undefined;
  if (m)
    for (const n of Object.values(m.nodes)) {
      const name = typeof n.params.name === 'string' ? n.params.name : n.id;
      if (n.type === MODULE_INPUT) add(inputs, name);
      if (n.type === MODULE_OUTPUT) add(outputs, name);
    }
  for (const e of edges) {
    if (e.target.node === node.id) add(inputs, e.target.port);
    if (e.source.node === node.id) add(outputs, e.source.port);
  }
  if (node.type === MODULE_INPUT) add(outputs, MODULE_IO_PORT);
  if (node.type === MODULE_OUTPUT) add(inputs, MODULE_IO_PORT);
  return { inputs, outputs };
};

/** Measured boxes from the canvas (React Flow's measured size and socket bounds), by node id. */
export type MeasuredNodes = ReadonlyMap<string, Omit<LayoutNode, 'id'>>;

/** The boxes and socket heights of a document graph's nodes: measured where known, else estimated. */
export const documentLayoutNodes = (
  graph: Graph,
  doc: Pick<TesseraDocument, 'modules'>,
  registry: NodeRegistry,
  measured: MeasuredNodes = new Map(),
): LayoutNode[] => {
  const edges = Object.values(graph.edges);
  return Object.values(graph.nodes).map((n) => {
    const m = measured.get(n.id);
    if (m) return { id: n.id, ...m };
    const ports = socketsOf(n, doc, registry, edges);
    const moduleName =
      n.type === MODULE_INSTANCE && typeof n.params.module === 'string'
        ? (doc.modules[n.params.module]?.name ?? n.params.module)
        : undefined;
    const size = estimateNodeSize(
      n,
      registry,
      { inputs: ports.inputs.map((p) => p.text), outputs: ports.outputs.map((p) => p.text) },
      moduleName,
    );
    const top = moduleName ? MODULE_LINE : 0;
    return {
      id: n.id,
      ...size,
      inputY: Object.fromEntries(ports.inputs.map((p, i) => [p.name, top + estimatedSocketY(i)])),
      outputY: Object.fromEntries(ports.outputs.map((p, i) => [p.name, top + estimatedSocketY(i)])),
    };
  });
};

/**
 * Positions for a document graph (the top level, or a module's): measured sizes where the canvas
 * has them, estimated ones otherwise.
 */
export const layoutDocumentGraph = (
  graph: Graph,
  doc: Pick<TesseraDocument, 'modules'>,
  registry: NodeRegistry,
  measured: MeasuredNodes = new Map(),
  edgeLabels: ReadonlyMap<string, string> = new Map(),
  options: Partial<LayoutOptions> = {},
): Record<string, Point> =>
  layoutGraph(
    documentLayoutNodes(graph, doc, registry, measured),
    Object.values(graph.edges).map((e) => ({
      source: e.source,
      target: e.target,
      label: edgeLabels.get(e.id),
    })),
    options,
  );

/** Lays out `doc`'s top level and every module's inside, in place (a draft or a plain object). */
export const layoutWholeDocument = (
  doc: Pick<TesseraDocument, 'nodes' | 'edges' | 'modules'>,
  registry: NodeRegistry,
): void => {
  const apply = (g: Graph) => {
    const p = layoutDocumentGraph(g, doc, registry);
    for (const [id, at] of Object.entries(p)) {
      const n = g.nodes[id];
      if (n) n.position = at;
    }
  };
  apply(doc);
  for (const m of Object.values(doc.modules)) apply(m);
};
