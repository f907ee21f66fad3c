// What changed between two revisions of a project (the documents two runs trained, or a run's
// and the one open now): nodes added, removed and changed (type, label, each param old -> new),
// edges added and removed (an edge is its connection, whatever its id), modules added, removed and
// changed (their declared params, their inner nodes and edges), and the training and preview
// settings, field by field. Positions are not changes: moving a node trains the same model.
import { stableStringify } from './canonical-graph';

export interface NodeRef {
  id: string;
  label: string;
  type: string;
}

/** One value that differs; `before` absent: added, `after` absent: removed. */
export interface ValueChange {
  /** A param name, or a settings path such as `batchSize` or `stages[train].steps`. */
  key: string;
  before?: unknown;
  after?: unknown;
}

export interface NodeChange extends NodeRef {
  /** The type before, when the node changed type. */
  typeBefore?: string;
  /** The label before, when it was renamed. */
  labelBefore?: string;
  versionBefore?: number;
  versionAfter?: number;
  params: ValueChange[];
}

export interface EdgeRef {
  source: { node: string; port: string; label: string };
  target: { node: string; port: string; label: string };
}

export interface GraphDiff {
  nodes: { added: NodeRef[]; removed: NodeRef[]; changed: NodeChange[] };
  edges: { added: EdgeRef[]; removed: EdgeRef[] };
}

export interface ModuleChange extends GraphDiff {
  id: string;
  name: string;
  nameBefore?: string;
  /** The module's declared params (width, heads, ...), as declarations. */
  params: ValueChange[];
}

export interface DocumentDiff {
  graph: GraphDiff;
  modules: {
    added: { id: string; name: string }[];
    removed: { id: string; name: string }[];
    changed: ModuleChange[];
  };
  /** Training config: batchSize, seed, checkpointEvery, stages[<id>].steps, objectives, ... */
  training: ValueChange[];
  /** Previews: previews.<id>.every, ... */
  previews: ValueChange[];
  /** Nothing above differs. */
  same: boolean;
}

type Rec = Record<string, unknown>;
const asRec = (v: unknown): Rec =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {};
const same = (a: unknown, b: unknown): boolean => stableStringify(a) === stableStringify(b);
const str = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);

const nodeRef = (id: string, n: Rec): NodeRef => ({
  id,
  label: str(n.label, '') || id,
  type: str(n.type, '?'),
});

/** Changes between two records of values (params, declarations), by key, in key order. */
export const diffValues = (before: Rec, after: Rec): ValueChange[] => {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const out: ValueChange[] = [];
  for (const key of keys) {
    const has0 = Object.prototype.hasOwnProperty.call(before, key) && before[key] !== undefined;
    const has1 = Object.prototype.hasOwnProperty.call(after, key) && after[key] !== undefined;
    if (has0 && has1 && same(before[key], after[key])) continue;
    out.push({
      key,
      ...(has0 ? { before: before[key] } : {}),
      ...(has1 ? { after: after[key] } : {}),
    });
  }
  return out;
};

const edgeKey = (e: Rec): string => {
  const s = asRec(e.source);
  const t = asRec(e.target);
  return `${str(s.node, '?')}.${str(s.port, '?')}->${str(t.node, '?')}.${str(t.port, '?')}`;
};

const edgeRef = (e: Rec, labelOf: (id: string) => string): EdgeRef => {
  const s = asRec(e.source);
  const t = asRec(e.target);
  const end = (p: Rec) => {
    const node = str(p.node, '?');
    return { node, port: str(p.port, '?'), label: labelOf(node) };
  };
  return { source: end(s), target: end(t) };
};

/** The diff of one graph (a document's top level or a module's inside). */
export const diffGraph = (before: Rec, after: Rec): GraphDiff => {
  const n0 = asRec(before.nodes);
  const n1 = asRec(after.nodes);
  const added: NodeRef[] = [];
  const removed: NodeRef[] = [];
  const changed: NodeChange[] = [];
  for (const id of Object.keys(n1).sort()) if (!(id in n0)) added.push(nodeRef(id, asRec(n1[id])));
  for (const id of Object.keys(n0).sort()) {
    const a = asRec(n0[id]);
    if (!(id in n1)) {
      removed.push(nodeRef(id, a));
      continue;
    }
    const b = asRec(n1[id]);
    const ref = nodeRef(id, b);
    const params = diffValues(asRec(a.params), asRec(b.params));
    const c: NodeChange = { ...ref, params };
    if (a.type !== b.type) c.typeBefore = str(a.type, '?');
    if (str(a.label, '') !== str(b.label, '')) c.labelBefore = str(a.label, '') || id;
    if (a.typeVersion !== b.typeVersion && typeof a.typeVersion === 'number') {
      c.versionBefore = a.typeVersion;
      if (typeof b.typeVersion === 'number') c.versionAfter = b.typeVersion;
    }
    if (params.length || c.typeBefore || c.labelBefore || c.versionBefore !== undefined)
      changed.push(c);
  }
  const e0 = new Map(Object.values(asRec(before.edges)).map((e) => [edgeKey(asRec(e)), asRec(e)]));
  const e1 = new Map(Object.values(asRec(after.edges)).map((e) => [edgeKey(asRec(e)), asRec(e)]));
  const label0 = (id: string) => nodeRef(id, asRec(n0[id] ?? n1[id])).label;
  const label1 = (id: string) => nodeRef(id, asRec(n1[id] ?? n0[id])).label;
  const edgesAdded = [...e1.keys()]
    .filter((k) => !e0.has(k))
    .sort()
    .map((k) => edgeRef(e1.get(k)!, label1));
  const edgesRemoved = [...e0.keys()]
    .filter((k) => !e1.has(k))
    .sort()
    .map((k) => edgeRef(e0.get(k)!, label0));
  return {
    nodes: { added, removed, changed },
    edges: { added: edgesAdded, removed: edgesRemoved },
  };
};

export const isEmptyGraphDiff = (g: GraphDiff): boolean =>
  g.nodes.added.length + g.nodes.removed.length + g.nodes.changed.length === 0 &&
  g.edges.added.length + g.edges.removed.length === 0;

/**
 * Leaf values of a settings tree by path: `a.b`, array items by their `id` (`stages[train]`) when
 * they have one, else by index; arrays of plain values are one leaf (an `updates` list).
 */
export const flattenSettings = (v: unknown, prefix = ''): Map<string, unknown> => {
  const out = new Map<string, unknown>();
  const walk = (x: unknown, path: string): void => {
    if (Array.isArray(x)) {
      if (!x.every((item) => typeof item === 'object' && item !== null)) {
        out.set(path, x);
        return;
      }
      x.forEach((item, i) => {
        const id = (item as Rec).id;
        walk(item, `${path}[${typeof id === 'string' ? id : i}]`);
      });
      if (x.length === 0) out.set(path, x);
      return;
    }
    if (typeof x === 'object' && x !== null) {
      for (const [k, val] of Object.entries(x as Rec)) {
        if (k === 'id' && path.endsWith(']')) continue;
        walk(val, path ? `${path}.${k}` : k);
      }
      return;
    }
    out.set(path, x);
  };
  walk(v, prefix);
  return out;
};

const diffSettings = (before: unknown, after: unknown, prefix = ''): ValueChange[] =>
  diffValues(
    Object.fromEntries(flattenSettings(before, prefix)),
    Object.fromEntries(flattenSettings(after, prefix)),
  );

/** Everything that differs between two documents (see the top of this file). */
export const diffDocuments = (before: unknown, after: unknown): DocumentDiff => {
  const d0 = asRec(before);
  const d1 = asRec(after);
  const graph = diffGraph(d0, d1);
  const m0 = asRec(d0.modules);
  const m1 = asRec(d1.modules);
  const nameOf = (id: string, m: Rec) => str(m.name, '') || id;
  const modules: DocumentDiff['modules'] = { added: [], removed: [], changed: [] };
  for (const id of Object.keys(m1).sort())
    if (!(id in m0)) modules.added.push({ id, name: nameOf(id, asRec(m1[id])) });
  for (const id of Object.keys(m0).sort()) {
    const a = asRec(m0[id]);
    if (!(id in m1)) {
      modules.removed.push({ id, name: nameOf(id, a) });
      continue;
    }
    const b = asRec(m1[id]);
    const inner = diffGraph(a, b);
    const params = diffValues(asRec(a.params), asRec(b.params));
    const renamed = nameOf(id, a) !== nameOf(id, b);
    if (params.length || renamed || !isEmptyGraphDiff(inner))
      modules.changed.push({
        id,
        name: nameOf(id, b),
        ...(renamed ? { nameBefore: nameOf(id, a) } : {}),
        params,
        ...inner,
      });
  }
  const training = diffSettings(d0.training, d1.training);
  const previews = diffSettings(d0.previews, d1.previews, 'previews');
  return {
    graph,
    modules,
    training,
    previews,
    same:
      isEmptyGraphDiff(graph) &&
      modules.added.length + modules.removed.length + modules.changed.length === 0 &&
      training.length + previews.length === 0,
  };
};

/** A value as the diff shows it: numbers and strings as written, lists and records as JSON. */
export const formatDiffValue = (v: unknown): string => {
  if (v === undefined) return '—';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return stableStringify(v);
};

/** "lr: 0.001 → 0.01", "dropout: added 0.1", "bias: removed true". */
export const formatValueChange = (c: ValueChange): string =>
  c.before === undefined
    ? `${c.key}: added ${formatDiffValue(c.after)}`
    : c.after === undefined
      ? `${c.key}: removed ${formatDiffValue(c.before)}`
      : `${c.key}: ${formatDiffValue(c.before)} → ${formatDiffValue(c.after)}`;
