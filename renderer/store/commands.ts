// Document edits as pure recipes over an immer draft. Each is one undoable command when
// dispatched through the store; tests call them directly too.
import { castDraft, type Draft } from 'immer';
import type {
  DocEdge,
  DocNode,
  PortRef,
  TesseraDocument,
} from '../../core/document/document.types';
import type { AnyNodeDefinition } from '../../core/node-contract/node-definition';
import type { ParamValue } from '../../core/node-contract/param-spec';

type Doc = Draft<TesseraDocument>;
type Graph = { nodes: Doc['nodes']; edges: Doc['edges'] };

/** The graph being edited: '' is the project's top level, else a module id. */
export const graphOf = (d: Doc, scope: string): Graph | undefined =>
  scope === '' ? d : d.modules[scope];

/** A fresh id based on `base` that no node or edge in `taken` uses. */
export const freshId = (base: string, taken: Record<string, unknown>): string => {
  const stem =
    base
      .replace(/[^a-zA-Z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'node';
  for (let i = 1; ; i++) {
    const id = `${stem}-${i}`;
    if (!(id in taken)) return id;
  }
};

export const addNode =
  (
    def: AnyNodeDefinition,
    position: { x: number; y: number },
    onId?: (id: string) => void,
    scope = '',
  ) =>
  (doc: Doc): void => {
    const d = graphOf(doc, scope);
    if (!d) return;
    const id = freshId(def.id.split('/').pop() ?? def.id, d.nodes);
    const params: Record<string, ParamValue> = {};
    for (const [k, spec] of Object.entries(def.params))
      params[k] = Array.isArray(spec.default)
        ? [...(spec.default as number[])]
        : (spec.default as ParamValue);
    d.nodes[id] = castDraft({
      id,
      type: def.id,
      typeVersion: def.version,
      params,
      position: { ...position },
    });
    onId?.(id);
  };

export const removeNodes =
  (ids: readonly string[], scope = '') =>
  (doc: Doc): void => {
    const d = graphOf(doc, scope);
    if (!d) return;
    const gone = new Set(ids);
    for (const id of ids) delete d.nodes[id];
    for (const [eid, e] of Object.entries(d.edges))
      if (gone.has(e.source.node) || gone.has(e.target.node)) delete d.edges[eid];
  };

export const removeEdges =
  (ids: readonly string[], scope = '') =>
  (doc: Doc): void => {
    const d = graphOf(doc, scope);
    if (!d) return;
    for (const id of ids) delete d.edges[id];
  };

export const edgeId = (source: PortRef, target: PortRef): string =>
  `${source.node}.${source.port}->${target.node}.${target.port}`;

export const connect =
  (source: PortRef, target: PortRef, scope = '') =>
  (doc: Doc): void => {
    const d = graphOf(doc, scope);
    if (!d) return;
    const id = edgeId(source, target);
    d.edges[id] = { id, source: { ...source }, target: { ...target } };
  };

export const setParam =
  (nodeId: string, name: string, value: ParamValue, scope = '') =>
  (doc: Doc): void => {
    const n = graphOf(doc, scope)?.nodes[nodeId];
    if (n) n.params[name] = castDraft(Array.isArray(value) ? [...(value as number[])] : value);
  };

export const setLabel =
  (nodeId: string, label: string, scope = '') =>
  (doc: Doc): void => {
    const n = graphOf(doc, scope)?.nodes[nodeId];
    if (n) n.label = label;
  };

export const moveNodes =
  (positions: Record<string, { x: number; y: number }>, scope = '') =>
  (doc: Doc): void => {
    const d = graphOf(doc, scope);
    if (!d) return;
    for (const [id, p] of Object.entries(positions)) {
      const n = d.nodes[id];
      if (n) n.position = { x: Math.round(p.x), y: Math.round(p.y) };
    }
  };

export const setTrainingField =
  (field: 'batchSize' | 'seed' | 'checkpointEvery', value: number) =>
  (d: Doc): void => {
    d.training[field] = value;
  };

/** What copy puts on the clipboard: the nodes and the edges among them. */
export interface Fragment {
  nodes: DocNode[];
  edges: DocEdge[];
}

export const copyFragment = (
  root: TesseraDocument,
  ids: readonly string[],
  scope = '',
): Fragment => {
  const doc = scope === '' ? root : root.modules[scope];
  if (!doc) return { nodes: [], edges: [] };
  const set = new Set(ids);
  return {
    nodes: ids
      .map((id) => doc.nodes[id])
      .filter((n): n is DocNode => n !== undefined)
      .map((n) => structuredClone(n)),
    edges: Object.values(doc.edges)
      .filter((e) => set.has(e.source.node) && set.has(e.target.node))
      .map((e) => structuredClone(e)),
  };
};

/** Pastes a fragment with fresh ids, shifted by `offset`; reports the new ids. */
export const pasteFragment =
  (frag: Fragment, offset: { x: number; y: number }, onIds?: (ids: string[]) => void, scope = '') =>
  (doc: Doc): void => {
    const d = graphOf(doc, scope);
    if (!d) return;
    const map = new Map<string, string>();
    for (const n of frag.nodes) {
      const base =
        n.type === 'module/instance' && typeof n.params.module === 'string'
          ? n.params.module
          : (n.type.split('/').pop() ?? n.id);
      const id = freshId(base, d.nodes);
      map.set(n.id, id);
      d.nodes[id] = castDraft({
        ...structuredClone(n),
        id,
        position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
      });
    }
    for (const e of frag.edges) {
      const s = map.get(e.source.node);
      const t = map.get(e.target.node);
      if (s === undefined || t === undefined) continue;
      const source = { node: s, port: e.source.port };
      const target = { node: t, port: e.target.port };
      d.edges[edgeId(source, target)] = {
        ...structuredClone(e),
        id: edgeId(source, target),
        source,
        target,
      };
    }
    onIds?.([...map.values()]);
  };
