// formatVersion 0 -> 1. Version 0 (pre-release) stored nodes and edges as arrays and edges as
// { from: "node.port", to: "node.port" }; version 1 keys nodes and edges by id and writes
// edge endpoints as { node, port }. Modules, when present, get the same treatment.
import type { RawDocument } from './migration';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** "enc.1.out" -> { node: "enc.1", port: "out" } (the port is after the last dot). */
const splitRef = (ref: unknown): unknown => {
  if (typeof ref !== 'string') return ref;
  const dot = ref.lastIndexOf('.');
  return dot < 0 ? { node: ref, port: '' } : { node: ref.slice(0, dot), port: ref.slice(dot + 1) };
};

const nodesToRecord = (nodes: unknown): unknown => {
  if (!Array.isArray(nodes)) return nodes;
  const out: Record<string, unknown> = {};
  nodes.forEach((n, i) => {
    const id = isObject(n) && typeof n.id === 'string' ? n.id : `node-${i + 1}`;
    out[id] = isObject(n) ? { ...n, id } : n;
  });
  return out;
};

const edgesToRecord = (edges: unknown): unknown => {
  if (!Array.isArray(edges)) return edges;
  const out: Record<string, unknown> = {};
  edges.forEach((e, i) => {
    if (!isObject(e)) {
      out[`edge-${i + 1}`] = e;
      return;
    }
    const { from, to, ...rest } = e;
    const id = typeof e.id === 'string' ? e.id : `edge-${i + 1}`;
    out[id] = { ...rest, id, source: splitRef(from), target: splitRef(to) };
  });
  return out;
};

const graphToRecords = (g: Record<string, unknown>): Record<string, unknown> => ({
  ...g,
  ...(g.nodes !== undefined ? { nodes: nodesToRecord(g.nodes) } : {}),
  ...(g.edges !== undefined ? { edges: edgesToRecord(g.edges) } : {}),
});

const modulesToRecord = (modules: unknown): unknown => {
  const list = Array.isArray(modules)
    ? modules
    : isObject(modules)
      ? Object.values(modules)
      : undefined;
  if (!list) return modules;
  const out: Record<string, unknown> = {};
  list.forEach((m, i) => {
    const id = isObject(m) && typeof m.id === 'string' ? m.id : `module-${i + 1}`;
    out[id] = isObject(m) ? graphToRecords({ ...m, id }) : m;
  });
  return out;
};

export const migrateV0ToV1 = (doc: RawDocument): RawDocument => ({
  ...graphToRecords(doc),
  ...(doc.modules !== undefined ? { modules: modulesToRecord(doc.modules) } : {}),
  formatVersion: 1,
});
