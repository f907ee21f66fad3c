// "Make module": the selected nodes become a named module (a subgraph with Module Input /
// Output nodes where edges crossed the selection) called by one Module Instance in their place.
// Objectives and frozen lists that named the moved nodes name the module instead.
import { castDraft, type Draft } from 'immer';
import type { DocNode, PortRef, TesseraDocument } from '../../core/document/document.types';
import {
  MODULE_INPUT,
  MODULE_INSTANCE,
  MODULE_IO_PORT,
  MODULE_OUTPUT,
} from '../../core/graph/module-types';
import { edgeId, freshId, graphOf } from './commands';

type Doc = Draft<TesseraDocument>;

export interface MakeModuleResult {
  moduleId: string;
  instanceId: string;
}

const uniqueName = (base: string, taken: Set<string>): string => {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  taken.add(name);
  return name;
};

/** Why the selection cannot become a module, or undefined when it can. */
export const makeModuleRefusal = (
  doc: TesseraDocument,
  ids: readonly string[],
  scope = '',
): string | undefined => {
  const g = scope === '' ? doc : doc.modules[scope];
  if (!g || ids.length === 0) return 'Select the nodes to put in the module first.';
  const optimizers = new Set(
    doc.training.stages.flatMap((s) => s.objectives.map((o) => o.optimizer)),
  );
  const opt = ids.find((id) => optimizers.has(id));
  if (opt)
    return `${opt} is an objective's optimizer; keep optimizers outside modules and select only the model's layers.`;
  const io = ids.find(
    (id) => g.nodes[id]?.type === MODULE_INPUT || g.nodes[id]?.type === MODULE_OUTPUT,
  );
  if (io) return `${io} is a module port; select the layers between the ports instead.`;
  return undefined;
};

export const makeModule =
  (ids: readonly string[], name: string, scope = '', onDone?: (r: MakeModuleResult) => void) =>
  (doc: Doc): void => {
    const g = graphOf(doc, scope);
    if (!g) return;
    const sel = new Set(ids.filter((id) => id in g.nodes));
    if (sel.size === 0) return;
    const moduleId = freshId(name, doc.modules);
    const nodes: Record<string, DocNode> = {};
    const xs: number[] = [];
    const ys: number[] = [];
    for (const id of sel) {
      const n = g.nodes[id]!;
      xs.push(n.position.x);
      ys.push(n.position.y);
      nodes[id] = JSON.parse(JSON.stringify(n)) as DocNode;
      delete g.nodes[id];
    }
    const minX = Math.min(...xs);
    const maxX = Math.max(...xs);
    const cy = ys.reduce((a, b) => a + b, 0) / ys.length;
    const instanceId = freshId(name, g.nodes);
    const mod: TesseraDocument['modules'][string] = {
      id: moduleId,
      name,
      params: {},
      nodes,
      edges: {},
    };
    const inNames = new Set<string>();
    const outNames = inNames; // one namespace, so no input and output share a socket name
    const inputs = new Map<string, string>(); // outside source "node.port" -> input name
    const outputs = new Map<string, string>(); // inside source "node.port" -> output name
    const outside: { source: PortRef; target: PortRef }[] = [];
    const addInner = (source: PortRef, target: PortRef) =>
      (mod.edges[edgeId(source, target)] = { id: edgeId(source, target), source, target });
    for (const [eid, e] of Object.entries(g.edges)) {
      const sIn = sel.has(e.source.node);
      const tIn = sel.has(e.target.node);
      if (!sIn && !tIn) continue;
      delete g.edges[eid];
      const source = { ...e.source };
      const target = { ...e.target };
      if (sIn && tIn) addInner(source, target);
      else if (tIn) {
        const key = `${source.node}.${source.port}`;
        let port = inputs.get(key);
        if (!port) {
          port = uniqueName(target.port, inNames);
          inputs.set(key, port);
          const id = freshId(`in-${port}`, mod.nodes);
          mod.nodes[id] = {
            id,
            type: MODULE_INPUT,
            typeVersion: 1,
            label: `in ${port}`,
            params: { name: port, shape: '', dtype: 'float32' },
            position: { x: minX - 240, y: cy + (inputs.size - 1) * 100 },
          };
          outside.push({ source, target: { node: instanceId, port } });
        }
        const inputNode = Object.values(mod.nodes).find(
          (n) => n.type === MODULE_INPUT && n.params.name === port,
        )!;
        addInner({ node: inputNode.id, port: MODULE_IO_PORT }, target);
      } else {
        const key = `${source.node}.${source.port}`;
        let port = outputs.get(key);
        if (!port) {
          port = uniqueName(source.port, outNames);
          outputs.set(key, port);
          const id = freshId(`out-${port}`, mod.nodes);
          mod.nodes[id] = {
            id,
            type: MODULE_OUTPUT,
            typeVersion: 1,
            label: `out ${port}`,
            params: { name: port },
            position: { x: maxX + 260, y: cy + (outputs.size - 1) * 100 },
          };
          addInner(source, { node: id, port: MODULE_IO_PORT });
        }
        outside.push({ source: { node: instanceId, port }, target });
      }
    }
    doc.modules[moduleId] = castDraft(mod);
    g.nodes[instanceId] = castDraft({
      id: instanceId,
      type: MODULE_INSTANCE,
      typeVersion: 1,
      label: name,
      params: { module: moduleId, weights: 'shared', emaDecay: 0.999 },
      position: { x: Math.round((minX + maxX) / 2), y: Math.round(cy) },
    });
    for (const e of outside)
      g.edges[edgeId(e.source, e.target)] = {
        id: edgeId(e.source, e.target),
        source: e.source,
        target: e.target,
      };
    // What trained or froze the moved nodes now names the module.
    const rename = (list: string[]): string[] => [
      ...new Set(list.map((id) => (sel.has(id) ? moduleId : id))),
    ];
    for (const st of doc.training.stages) {
      if (st.frozen) st.frozen = rename(st.frozen);
      for (const o of st.objectives) o.updates = rename(o.updates);
    }
    for (const p of Object.values(doc.previews))
      p.sources = p.sources.map((s) => {
        const port = outputs.get(`${s.node}.${s.port}`);
        return sel.has(s.node) && port ? { node: instanceId, port } : s;
      });
    onDone?.({ moduleId, instanceId });
  };

/** How many instances call each module, and how many of them share its weights. */
export const instanceCounts = (
  doc: TesseraDocument,
): Map<string, { all: number; shared: number }> => {
  const counts = new Map<string, { all: number; shared: number }>();
  const visit = (nodes: Record<string, DocNode>) => {
    for (const n of Object.values(nodes))
      if (n.type === MODULE_INSTANCE && typeof n.params.module === 'string') {
        const c = counts.get(n.params.module) ?? { all: 0, shared: 0 };
        c.all++;
        if ((n.params.weights ?? 'copy') === 'shared') c.shared++;
        counts.set(n.params.module, c);
      }
  };
  visit(doc.nodes);
  for (const m of Object.values(doc.modules)) visit(m.nodes);
  return counts;
};
