// cycles pass: orders each graph topologically (graph.order); a cycle is an error naming its
// nodes in data-flow order, and leaves graph.order empty.
import type { Diagnostic } from '../diagnostics/diagnostic';
import { nodeDiagnostic, whereOf, type CompilerPass, type PassContext } from './pass-context';
import { findCycle, topologicalOrder } from './topo';

export const cyclesPass = (ctx: PassContext): Diagnostic[] => {
  const out: Diagnostic[] = [];
  for (const scope of ctx.scopes) {
    const graph = scope.graph;
    const { order, remaining } = topologicalOrder(graph);
    if (remaining.length === 0) {
      graph.order = order;
      continue;
    }
    graph.order = [];
    const left = new Set(remaining);
    const rank = new Map(Object.keys(graph.nodes).map((id, i) => [id, i]));
    const reported = new Set<string>();
    for (const start of remaining) {
      if (reported.has(start)) continue;
      const found = findCycle(graph, left, start);
      // Start the loop at the node that comes first in the document, so the message is stable.
      const at = found
        ? found.reduce(
            (best, id, i) =>
              (rank.get(id) ?? 0) < (rank.get(found[best] as string) ?? 0) ? i : best,
            0,
          )
        : 0;
      const cycle = found && [...found.slice(at), ...found.slice(0, at)];
      if (!cycle || cycle.some((id) => reported.has(id))) continue;
      for (const id of cycle) reported.add(id);
      const nodes = cycle.map((id) => graph.nodes[id]).filter((n) => n !== undefined);
      const first = nodes[0];
      if (!first) continue;
      const names = [...nodes, first].map((n) => n.label).join(' → ');
      const last = nodes[nodes.length - 1] ?? first;
      out.push(
        nodeDiagnostic(
          'error',
          'cycles',
          first,
          `These nodes${whereOf(scope)} form a cycle: ${names}. A value cannot depend on itself; delete the edge from ${last.label} to ${first.label} (or another edge in the loop).`,
        ),
      );
    }
  }
  return out;
};

export const cycles: CompilerPass = { name: 'cycles', requires: ['structure'], run: cyclesPass };
