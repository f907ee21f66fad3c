// The node catalog: every node type as plain JSON-able data (ports, params, legacy mark), in one
// order. `tessera nodes` prints it and docs/nodes.md is rendered from it, so both say the same.
// Pure: takes the definitions, reads nothing.
import type {
  AnyNodeDefinition,
  NodeCategory,
  NodeRole,
} from '../core/node-contract/node-definition';
import type { ParamSpec, ParamValue } from '../core/node-contract/param-spec';
import type { GradientFlow, PortSpec } from '../core/node-contract/port-spec';
import type { DType } from '../core/shapes/tensor-type';

export interface CatalogPort {
  name: string;
  label: string | null;
  kind: 'tensor' | 'model';
  /** null: any dtype. */
  dtype: DType | null;
  /** null: any rank. */
  rank: number | null;
  /** Legend of the dims, e.g. ['B', 'H', 'W', 'C']; null when the port declares none. */
  dims: string[] | null;
  /** How gradients pass; a tensor port that declares nothing lets them flow, a model port has none. */
  gradient: GradientFlow;
  optional: boolean;
  doc: string | null;
}

export interface CatalogParam {
  name: string;
  kind: ParamSpec['kind'];
  label: string | null;
  default: ParamValue;
  /** For int, float and intList (per entry); null when unbounded or not numeric. */
  min: number | null;
  max: number | null;
  /** For enum params; null otherwise. */
  options: string[] | null;
  doc: string;
}

export interface CatalogNode {
  id: string;
  title: string;
  category: NodeCategory;
  version: number;
  role: NodeRole;
  doc: string;
  paper: { citation: string; url: string | null; equation: string | null } | null;
  /** Kept so that old projects open; hidden from the palette. */
  legacy: { replacement: string } | null;
  inputs: CatalogPort[];
  outputs: CatalogPort[];
  params: CatalogParam[];
}

const portEntry = (p: PortSpec): CatalogPort => ({
  name: p.name,
  label: p.label ?? null,
  kind: p.kind,
  dtype: p.dtype ?? null,
  rank: p.rank ?? null,
  dims: p.dims ? [...p.dims] : null,
  gradient: p.gradient ?? (p.kind === 'model' ? 'none' : 'flows'),
  optional: p.optional ?? false,
  doc: p.doc ?? null,
});

const paramEntry = (name: string, s: ParamSpec): CatalogParam => {
  const numeric = s.kind === 'int' || s.kind === 'float' || s.kind === 'intList';
  return {
    name,
    kind: s.kind,
    label: s.label ?? null,
    default: Array.isArray(s.default) ? [...(s.default as number[])] : (s.default as ParamValue),
    min: numeric ? (s.min ?? null) : null,
    max: numeric ? (s.max ?? null) : null,
    options: s.kind === 'enum' ? [...s.options] : null,
    doc: s.doc,
  };
};

export const catalogEntry = (d: AnyNodeDefinition): CatalogNode => ({
  id: d.id,
  title: d.title,
  category: d.category,
  version: d.version,
  role: d.role,
  doc: d.doc,
  paper: d.paper
    ? { citation: d.paper.citation, url: d.paper.url ?? null, equation: d.paper.equation ?? null }
    : null,
  legacy: d.legacy ? { replacement: d.legacy.replacement } : null,
  inputs: d.inputs.map(portEntry),
  outputs: d.outputs.map(portEntry),
  params: Object.entries(d.params).map(([name, s]) => paramEntry(name, s)),
});

/** Every definition, sorted by category, then id. */
export const nodeCatalog = (defs: readonly AnyNodeDefinition[]): CatalogNode[] =>
  [...defs]
    .sort((a, b) => a.category.localeCompare(b.category) || a.id.localeCompare(b.id))
    .map(catalogEntry);

/** The categories that hold at least one node, sorted. */
export const catalogCategories = (nodes: readonly CatalogNode[]): NodeCategory[] =>
  [...new Set(nodes.map((n) => n.category))].sort((a, b) => a.localeCompare(b));

/** Groups catalog entries by category, keeping their order. */
export const groupCatalog = (nodes: readonly CatalogNode[]): [NodeCategory, CatalogNode[]][] => {
  const groups = new Map<NodeCategory, CatalogNode[]>();
  for (const n of nodes) groups.set(n.category, [...(groups.get(n.category) ?? []), n]);
  return [...groups.entries()];
};
