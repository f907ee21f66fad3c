// A template's top-level graph as the gallery draws it (node types and canvas positions, edges
// by node id), and how many nodes and modules it holds, read defensively from the file's JSON:
// a malformed node or edge is left out, never thrown on.
import type { TemplateOutline } from '../ipc/contract';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

const recordValues = (v: unknown): unknown[] => (isRecord(v) ? Object.values(v) : []);

export const templateOutline = (content: unknown): TemplateOutline => {
  const doc = isRecord(content) ? content : {};
  const nodes: TemplateOutline['nodes'] = [];
  for (const n of recordValues(doc.nodes)) {
    if (!isRecord(n) || typeof n.id !== 'string' || typeof n.type !== 'string') continue;
    const p = n.position;
    if (!isRecord(p) || !finite(p.x) || !finite(p.y)) continue;
    nodes.push({ id: n.id, type: n.type, x: p.x, y: p.y });
  }
  const ids = new Set(nodes.map((n) => n.id));
  const edges: TemplateOutline['edges'] = [];
  for (const e of recordValues(doc.edges)) {
    if (!isRecord(e) || !isRecord(e.source) || !isRecord(e.target)) continue;
    const from = e.source.node;
    const to = e.target.node;
    if (typeof from !== 'string' || typeof to !== 'string') continue;
    if (!ids.has(from) || !ids.has(to)) continue;
    edges.push({ from, to });
  }
  return { nodes, edges };
};

/** Nodes at the top level and inside every module, and the modules. */
export const templateCounts = (content: unknown): { nodeCount: number; moduleCount: number } => {
  const doc = isRecord(content) ? content : {};
  const modules = recordValues(doc.modules);
  const inner = modules.reduce<number>(
    (sum, m) => sum + (isRecord(m) ? recordValues(m.nodes).length : 0),
    0,
  );
  return { nodeCount: recordValues(doc.nodes).length + inner, moduleCount: modules.length };
};
