// Runs the same compiler passes the engine runs (structure, cycles, params, shapes, cost) on every
// edit, and shapes the result for the canvas: diagnostics per node, shape labels and gradient
// modes per edge, the resolved ports and the cost of every node, the totals of the graph shown.
import type { Diagnostic } from '../../core/diagnostics/diagnostic';
import type { TesseraDocument } from '../../core/document/document.types';
import { compileLoaded } from '../../core/graph/compile';
import type { CostTotals, IRModule, IRProgram, NodeCost, ResolvedPorts } from '../../core/graph/ir';
import type { NodeRegistry, ShapeEnv } from '../../core/node-contract/node-definition';
import { formatValueType } from '../../core/shapes/tensor-type';
import { edgeGradient, type EdgeGradient } from './gradient-flow';

export interface CompileView {
  program?: IRProgram;
  diagnostics: Diagnostic[];
  byNode: Map<string, Diagnostic[]>;
  /** Edge id -> "B x 7 x 7 x 64" (absent when the type is unknown). */
  edgeLabels: Map<string, string>;
  /** Node id -> its ports (a module instance's come from its module). */
  ports: Map<string, ResolvedPorts>;
  /** Edge id -> how gradients pass along it (from the ports' declarations and the dtype). */
  edgeGradients: Map<string, EdgeGradient>;
  /** Node id -> its cost (cost pass); absent for nodes the shapes pass could not type. */
  costs: Map<string, NodeCost>;
  /** The totals of the graph shown: the program's at the top level, one call's inside a module. */
  totals?: CostTotals;
  ms: number;
}

/**
 * The compiled graph of module `scope`: its own id when some caller uses the default param values
 * (or nobody calls it), else its first specialisation (every instance sets other values), so that
 * the inside of the module still shows shapes.
 */
export const moduleProgramOf = (
  program: IRProgram | undefined,
  scope: string,
): IRModule | undefined => {
  if (!program) return undefined;
  const own = program.modules[scope];
  if (own) return own;
  const first = program.specializations?.[scope]?.[0];
  return first === undefined ? undefined : program.modules[first];
};

/** Compiles the whole document; the maps describe the graph in `scope` ('' top level, else a module id). */
export const compileView = (
  doc: TesseraDocument,
  registry: NodeRegistry,
  env: ShapeEnv,
  scope = '',
): CompileView => {
  const t0 = performance.now();
  const { program, diagnostics } = compileLoaded(doc, registry, env);
  const graphDoc = scope === '' ? doc : doc.modules[scope];
  const pathPrefix = scope === '' ? '/nodes/' : `/modules/${scope}/nodes/`;
  const byNode = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    if (d.nodeId === undefined) continue;
    if (
      d.path !== undefined &&
      d.path.startsWith('/') &&
      !d.path.startsWith(pathPrefix) &&
      (scope !== '' || d.path.startsWith('/modules/'))
    )
      continue;
    const list = byNode.get(d.nodeId) ?? [];
    list.push(d);
    byNode.set(d.nodeId, list);
  }
  const edgeLabels = new Map<string, string>();
  const ports = new Map<string, ResolvedPorts>();
  const shown = scope === '' ? undefined : moduleProgramOf(program, scope);
  const irNodes = (scope === '' ? program?.graph.nodes : shown?.nodes) ?? {};
  const costs = new Map<string, NodeCost>();
  for (const [id, n] of Object.entries(irNodes)) {
    if (n.ports) ports.set(id, n.ports);
    else if (n.def) ports.set(id, { inputs: n.def.inputs, outputs: n.def.outputs });
    if (n.cost) costs.set(id, n.cost);
  }
  for (const [id, n] of Object.entries(graphDoc?.nodes ?? {})) {
    if (ports.has(id)) continue;
    const def = registry.get(n.type);
    if (def) ports.set(id, { inputs: def.inputs, outputs: def.outputs });
  }
  const edgeGradients = new Map<string, EdgeGradient>();
  for (const e of Object.values(graphDoc?.edges ?? {})) {
    const t = irNodes[e.source.node]?.outputTypes[e.source.port];
    if (t) edgeLabels.set(e.id, formatValueType(t));
    const from = ports.get(e.source.node)?.outputs.find((p) => p.name === e.source.port);
    const to = ports.get(e.target.node)?.inputs.find((p) => p.name === e.target.port);
    edgeGradients.set(e.id, edgeGradient(from, to, t));
  }
  const totals = scope === '' ? program?.cost : shown?.cost;
  return {
    program,
    diagnostics,
    byNode,
    edgeLabels,
    ports,
    edgeGradients,
    costs,
    ...(totals ? { totals } : {}),
    ms: performance.now() - t0,
  };
};
