// The graph a run trained, as one canonical string: what its hash (main/run-history/graph-hash.ts) is
// taken over. Everything that can change training is in it (nodes with their types, versions,
// params and labels; edges; modules; the training config; previews; unknown fields); what only
// changes how the canvas looks or what the project is called is not: node positions, the
// document's name, description and the app and format versions it was saved with. Object keys
// are sorted, so the same graph gives the same string whatever order its records were written in.

const dropped = new Set(['name', 'description', 'appVersion', 'formatVersion', 'format']);

/** JSON with object keys sorted at every depth; undefined values are left out, as JSON.stringify does. */
export const stableStringify = (v: unknown): string => {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v))
    return `[${v.map((x) => (x === undefined ? 'null' : stableStringify(x))).join(',')}]`;
  const o = v as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of Object.keys(o).sort()) {
    if (o[k] === undefined) continue;
    parts.push(`${JSON.stringify(k)}:${stableStringify(o[k])}`);
  }
  return `{${parts.join(',')}}`;
};

const withoutPositions = (nodes: unknown): unknown => {
  if (typeof nodes !== 'object' || nodes === null) return nodes;
  const out: Record<string, unknown> = {};
  for (const [id, n] of Object.entries(nodes as Record<string, unknown>)) {
    if (typeof n !== 'object' || n === null) {
      out[id] = n;
      continue;
    }
    const { position: _p, ...rest } = n as Record<string, unknown>;
    out[id] = rest;
  }
  return out;
};

/** The canonical graph of a document (see the top of this file). */
export const canonicalGraph = (document: unknown): string => {
  if (typeof document !== 'object' || document === null) return stableStringify(document);
  const doc = document as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!dropped.has(k)) out[k] = v;
  out.nodes = withoutPositions(doc.nodes);
  if (typeof doc.modules === 'object' && doc.modules !== null) {
    const modules: Record<string, unknown> = {};
    for (const [id, m] of Object.entries(doc.modules as Record<string, unknown>))
      modules[id] =
        typeof m === 'object' && m !== null
          ? {
              ...(m as Record<string, unknown>),
              nodes: withoutPositions((m as { nodes?: unknown }).nodes),
            }
          : m;
    out.modules = modules;
  }
  return stableStringify(out);
};
