// Topological order of one graph (producers first), deterministic: ready nodes are taken in
// document order, and Module Handle nodes as late as possible, so that a module's first
// instance (which fixes its types) comes before handles of it where the edges allow.
import type { IRGraph, IRNode } from './ir';
import { MODULE_HANDLE } from './module-types';

export interface TopoResult {
  order: string[];
  /** Nodes left over because they sit on or behind a cycle. */
  remaining: string[];
}

export const topologicalOrder = (graph: IRGraph): TopoResult => {
  const ids = Object.keys(graph.nodes);
  const indeg = new Map<string, number>();
  const consumers = new Map<string, string[]>();
  for (const id of ids) indeg.set(id, 0);
  for (const id of ids) {
    const node = graph.nodes[id];
    if (!node) continue;
    for (const ref of Object.values(node.inputs)) {
      if (!indeg.has(ref.node)) continue;
      indeg.set(id, (indeg.get(id) ?? 0) + 1);
      const list = consumers.get(ref.node);
      if (list) list.push(id);
      else consumers.set(ref.node, [id]);
    }
  }
  const ready: string[] = [];
  const late: string[] = [];
  const push = (id: string): void => {
    (graph.nodes[id]?.type === MODULE_HANDLE ? late : ready).push(id);
  };
  for (const id of ids) if (indeg.get(id) === 0) push(id);
  const order: string[] = [];
  let r = 0;
  let l = 0;
  while (r < ready.length || l < late.length) {
    const id = r < ready.length ? (ready[r++] as string) : (late[l++] as string);
    order.push(id);
    for (const c of consumers.get(id) ?? []) {
      const d = (indeg.get(c) ?? 0) - 1;
      indeg.set(c, d);
      if (d === 0) push(c);
    }
  }
  const placed = new Set(order);
  return {
    order,
    remaining: order.length === ids.length ? [] : ids.filter((id) => !placed.has(id)),
  };
};

/** Finds one cycle among `remaining`, in data-flow order (producer before consumer), or undefined. */
export const findCycle = (
  graph: IRGraph,
  remaining: ReadonlySet<string>,
  start: string,
): string[] | undefined => {
  // Walk backwards along producers inside `remaining` until a node repeats.
  const seenAt = new Map<string, number>();
  const path: string[] = [];
  let cur: string | undefined = start;
  while (cur !== undefined && !seenAt.has(cur)) {
    seenAt.set(cur, path.length);
    path.push(cur);
    const node: IRNode | undefined = graph.nodes[cur];
    cur = node
      ? Object.values(node.inputs).find((ref) => remaining.has(ref.node))?.node
      : undefined;
  }
  if (cur === undefined) return undefined;
  return path.slice(seenAt.get(cur)).reverse();
};
