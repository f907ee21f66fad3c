// document -> IR: one IRNode per DocNode (unknown types kept as placeholders), params migrated
// and defaulted, modules as IRModule records. Edges are attached by the structure pass.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import type { DocNode, TesseraDocument } from '../document/document.types';
import { migrateParamsOf } from '../document/node-param-migration';
import type { NodeRegistry } from '../node-contract/node-definition';
import { withDefaults, type ParamValues } from '../node-contract/param-spec';
import type { IRGraph, IRModule, IRNode, IRProgram } from './ir';
import { dict, type GraphScope } from './pass-context';

export interface Lowered {
  program: IRProgram;
  scopes: GraphScope[];
  /** Placeholders for unknown node types (they block compiling). */
  unknown: IRNode[];
  diagnostics: Diagnostic[];
}

const lowerNode = (
  key: string,
  node: DocNode,
  registry: NodeRegistry,
  path: string,
  diagnostics: Diagnostic[],
): IRNode => {
  const def = registry.get(node.type);
  const label =
    node.label !== undefined && node.label.trim() !== ''
      ? node.label
      : (def?.title ?? `Node "${key}"`);
  let params: ParamValues;
  if (def) {
    const m = migrateParamsOf({ ...node, id: key }, def, path);
    if (m.diagnostic && m.diagnostic.severity !== 'info') diagnostics.push(m.diagnostic);
    params = withDefaults(def.params, m.params);
  } else params = { ...node.params };
  return {
    id: key,
    type: node.type,
    label,
    def,
    params,
    inputs: dict(),
    inputTypes: dict(),
    outputTypes: dict(),
    path,
  };
};

const lowerGraph = (
  id: string,
  nodes: Record<string, DocNode>,
  registry: NodeRegistry,
  base: string,
  diagnostics: Diagnostic[],
): IRGraph => {
  const irNodes = dict<IRNode>();
  for (const [key, node] of Object.entries(nodes))
    irNodes[key] = lowerNode(key, node, registry, `${base}/nodes/${key}`, diagnostics);
  return { id, nodes: irNodes, order: [] };
};

export const lower = (doc: TesseraDocument, registry: NodeRegistry): Lowered => {
  const diagnostics: Diagnostic[] = [];
  const graph = lowerGraph('', doc.nodes, registry, '', diagnostics);
  const scopes: GraphScope[] = [{ graph, docNodes: doc.nodes, docEdges: doc.edges, path: '' }];
  const modules = dict<IRModule>();
  for (const [mid, m] of Object.entries(doc.modules)) {
    const g = lowerGraph(mid, m.nodes, registry, `/modules/${mid}`, diagnostics);
    const mod: IRModule = {
      ...g,
      name: m.name || mid,
      inputNodes: dict(),
      outputNodes: dict(),
      users: [],
    };
    modules[mid] = mod;
    scopes.push({
      graph: mod,
      module: mod,
      docNodes: m.nodes,
      docEdges: m.edges,
      path: `/modules/${mid}`,
    });
  }
  const unknown: IRNode[] = [];
  for (const scope of scopes)
    for (const node of Object.values(scope.graph.nodes)) {
      if (node.def) continue;
      unknown.push(node);
      const close = registry
        .all()
        .filter((d) => d.id.endsWith(`/${node.type.split('/').pop() ?? ''}`))
        .map((d) => d.id);
      const hint = close.length > 0 ? ` Did you mean ${close.slice(0, 3).join(' or ')}?` : '';
      diagnostics.push(
        diagnostic(
          'error',
          'structure',
          `${node.label} has an unknown node type "${node.type}": this app has no such node.${hint} Delete the node or replace it with a known type.`,
          {
            nodeId: node.id,
            ...(node.path !== undefined ? { path: node.path } : {}),
          },
        ),
      );
    }
  const program: IRProgram = {
    graph,
    modules,
    training: doc.training,
    previews: Object.values(doc.previews),
    diagnostics: [],
  };
  return { program, scopes, unknown, diagnostics };
};
