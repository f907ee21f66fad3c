// Node param migrations: a DocNode saved with typeVersion < def.version gets def.migrateParams.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import type { AnyNodeDefinition, NodeRegistry } from '../node-contract/node-definition';
import type { ParamValue } from '../node-contract/param-spec';
import type { DocNode, TesseraDocument } from './document.types';

export interface ParamMigrationResult {
  params: Record<string, unknown>;
  /** Set when the params were changed. */
  migrated: boolean;
  diagnostic?: Diagnostic;
}

/** Brings one node's params up to its definition's version (pure; never throws). */
export const migrateParamsOf = (
  node: DocNode,
  def: AnyNodeDefinition,
  path?: string,
): ParamMigrationResult => {
  const where = { nodeId: node.id, ...(path !== undefined ? { path } : {}) };
  const name = node.label ?? def.title;
  if (node.typeVersion > def.version)
    return {
      params: node.params,
      migrated: false,
      diagnostic: diagnostic(
        'warning',
        'params',
        `${name} was saved by a newer version (${node.typeVersion}) of ${def.title} than this app knows (${def.version}); its params may be misread. Update Tessera.`,
        where,
      ),
    };
  if (node.typeVersion === def.version || !def.migrateParams)
    return { params: node.params, migrated: false };
  try {
    return { params: def.migrateParams({ ...node.params }, node.typeVersion), migrated: true };
  } catch (e) {
    return {
      params: node.params,
      migrated: false,
      diagnostic: diagnostic(
        'error',
        'params',
        `${name}: could not upgrade its params from ${def.title} version ${node.typeVersion} to ${def.version} (${e instanceof Error ? e.message : String(e)}). Re-enter its params in the inspector.`,
        where,
      ),
    };
  }
};

const migrateNodes = (
  nodes: Record<string, DocNode>,
  registry: NodeRegistry,
  base: string,
  diagnostics: Diagnostic[],
): Record<string, DocNode> => {
  let out: Record<string, DocNode> | undefined;
  for (const [key, node] of Object.entries(nodes)) {
    const def = registry.get(node.type);
    if (!def) continue;
    const r = migrateParamsOf(node, def, `${base}/${key}`);
    if (r.diagnostic) diagnostics.push(r.diagnostic);
    if (!r.migrated) continue;
    out ??= { ...nodes };
    out[key] = {
      ...node,
      typeVersion: def.version,
      params: r.params as Record<string, ParamValue>,
    };
    diagnostics.push(
      diagnostic(
        'info',
        'params',
        `${node.label ?? def.title}: params upgraded from ${def.title} version ${node.typeVersion} to ${def.version}; save to keep them.`,
        { nodeId: key, path: `${base}/${key}` },
      ),
    );
  }
  return out ?? nodes;
};

/** Returns the document with every node's params at its definition's version (a new object when anything changed). */
export const migrateNodeParams = (
  doc: TesseraDocument,
  registry: NodeRegistry,
): { document: TesseraDocument; diagnostics: Diagnostic[] } => {
  const diagnostics: Diagnostic[] = [];
  const nodes = migrateNodes(doc.nodes, registry, '/nodes', diagnostics);
  let modules = doc.modules;
  for (const [mid, m] of Object.entries(doc.modules)) {
    const mn = migrateNodes(m.nodes, registry, `/modules/${mid}/nodes`, diagnostics);
    if (mn !== m.nodes) modules = { ...modules, [mid]: { ...m, nodes: mn } };
  }
  const document =
    nodes === doc.nodes && modules === doc.modules ? doc : { ...doc, nodes, modules };
  return { document, diagnostics };
};
