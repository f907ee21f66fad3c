// Inserting a fragment of another document (a template dropped on the canvas) at the top level:
// its nodes, the edges among them, and the modules they call, so that every instance and handle
// still finds its module. Clashing module ids and names get fresh ones (module-renames.ts) and every
// call, at the top level and inside the inserted modules, follows; clashing node and edge ids get
// fresh ones; the nodes go at the drop point or beside what is there (fragment-placement.ts).
// Training stages, objectives and previews are not inserted: the document keeps its own (as the
// template drop has always done); the inserted optimizers can be added to an objective by hand.
import { castDraft, type Draft } from 'immer';
import type {
  DocEdge,
  DocModule,
  DocNode,
  TesseraDocument,
} from '../../core/document/document.types';
import type { NodeRegistry } from '../../core/node-contract/node-definition';
import { nodeRegistry } from '../../nodes/registry';
import { layoutWholeDocument } from '../model/auto-layout';
import { edgeId, freshId } from './commands';
import { placementOffset, type Point } from './fragment-placement';
import { planModuleRenames, renameModuleCalls, type ModuleRename } from './module-renames';

type Doc = Draft<TesseraDocument>;

export interface DocumentFragment {
  nodes: DocNode[];
  edges: DocEdge[];
  modules: DocModule[];
}

export interface InsertResult {
  /** The inserted top-level nodes' ids, in fragment order. */
  nodeIds: string[];
  /** Old node id -> new node id, for every node that had to change. */
  renamedNodes: Map<string, string>;
  /** Old module id -> new id and name, for every module that had to change. */
  renamedModules: Map<string, ModuleRename>;
  /** What was added to every node position. */
  offset: Point;
}

/** Everything of `doc` that an insert brings along: its top-level graph and all its modules. */
export const fragmentOfDocument = (doc: TesseraDocument): DocumentFragment => ({
  nodes: Object.values(doc.nodes).map((n) => structuredClone(n)),
  edges: Object.values(doc.edges).map((e) => structuredClone(e)),
  modules: Object.values(doc.modules).map((m) => structuredClone(m)),
});

const idStem = (id: string): string => id.replace(/-\d+$/, '') || id;

/** A copy of `frag` with its top level and its modules' insides laid out (auto-layout.ts). */
export const layoutFragment = (
  frag: DocumentFragment,
  registry: NodeRegistry,
): DocumentFragment => {
  const nodes = Object.fromEntries(frag.nodes.map((n) => [n.id, structuredClone(n)]));
  const modules = Object.fromEntries(frag.modules.map((m) => [m.id, structuredClone(m)]));
  const edges = Object.fromEntries(frag.edges.map((e) => [e.id, e]));
  layoutWholeDocument({ nodes, edges, modules }, registry);
  return {
    nodes: frag.nodes.map((n) => nodes[n.id]!),
    edges: frag.edges,
    modules: frag.modules.map((m) => modules[m.id]!),
  };
};

/** `layout`: the registry whose node sizes lay the fragment out first, or null to keep its positions. */
export const insertFragment =
  (
    dropped: DocumentFragment,
    at: Point,
    onDone?: (r: InsertResult) => void,
    layout: NodeRegistry | null = nodeRegistry,
  ) =>
  (doc: Doc): void => {
    const frag = layout ? layoutFragment(dropped, layout) : dropped;
    const renamedModules = planModuleRenames(
      doc.modules as Record<string, DocModule>,
      frag.modules,
    );
    for (const m of frag.modules) {
      const copy = structuredClone(m);
      const next = renamedModules.get(m.id);
      if (next) Object.assign(copy, next);
      renameModuleCalls(Object.values(copy.nodes), renamedModules);
      doc.modules[copy.id] = castDraft(copy);
    }

    const offset = placementOffset(
      Object.values(doc.nodes).map((n) => n.position),
      frag.nodes.map((n) => n.position),
      at,
    );
    const clashes = new Set(frag.nodes.filter((n) => n.id in doc.nodes).map((n) => n.id));
    // Ids kept as they are are reserved first, so that no fresh id takes one of them.
    const taken: Record<string, true> = Object.fromEntries(
      [...Object.keys(doc.nodes), ...frag.nodes.map((n) => n.id)].map((id) => [id, true]),
    );
    const ids = new Map<string, string>();
    const renamedNodes = new Map<string, string>();
    for (const n of frag.nodes) {
      const id = clashes.has(n.id) ? freshId(idStem(n.id), taken) : n.id;
      taken[id] = true;
      ids.set(n.id, id);
      if (id !== n.id) renamedNodes.set(n.id, id);
      const copy = structuredClone(n);
      renameModuleCalls([copy], renamedModules);
      doc.nodes[id] = castDraft({
        ...copy,
        id,
        position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
      });
    }

    for (const e of frag.edges) {
      const s = ids.get(e.source.node);
      const t = ids.get(e.target.node);
      if (s === undefined || t === undefined) continue;
      const source = { node: s, port: e.source.port };
      const target = { node: t, port: e.target.port };
      const same = s === e.source.node && t === e.target.node;
      const wanted = same && !(e.id in doc.edges) ? e.id : edgeId(source, target);
      const id = wanted in doc.edges ? freshId(wanted, doc.edges) : wanted;
      doc.edges[id] = { ...structuredClone(e), id, source, target };
    }

    onDone?.({ nodeIds: [...ids.values()], renamedNodes, renamedModules, offset });
  };
