// What stops a PyTorch export, and what it leaves out. A node without a form, or whose form is
// 'unsupported', blocks the export wherever it sits (one error per node, naming it). Samplers
// and metrics ('preview' forms) run in the app only: they are left out with a note, unless a
// loss depends on them (then the export would train something else, so it is refused).
import { diagnostic, type Diagnostic } from '../../../../core/diagnostics/diagnostic';
import type { IRGraph, IRProgram } from '../../../../core/graph/ir';
import { MODULE_OUTPUT } from '../../../../core/graph/module-types';
import { torchForms } from './torch-forms';

/** Ids of the nodes some root depends on (the roots included), within one graph. */
export const ancestorsOf = (graph: IRGraph, roots: readonly string[]): Set<string> => {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const ref of Object.values(graph.nodes[id]?.inputs ?? {})) stack.push(ref.node);
  }
  return seen;
};

/** The nodes each graph evaluates while training: the losses' ancestors (top), the outputs' (modules). */
const trainedNodes = (program: IRProgram, g: IRGraph): Set<string> => {
  if (g.id) {
    const outs = Object.values(g.nodes)
      .filter((n) => n.type === MODULE_OUTPUT)
      .map((n) => n.id);
    return ancestorsOf(g, outs);
  }
  const losses = program.training.stages.flatMap((s) =>
    s.objectives.flatMap((o) => {
      const ref = g.nodes[o.optimizer]?.inputs['loss'];
      return ref ? [ref.node] : [];
    }),
  );
  return ancestorsOf(g, losses);
};

export interface ExportScope {
  blockers: Diagnostic[];
  /** Samplers and metrics left out: "label (id, type)" with what they do. */
  leftOut: { nodeId: string; text: string }[];
}

export const exportScope = (program: IRProgram): ExportScope => {
  const graphs: IRGraph[] = [program.graph, ...Object.values(program.modules)];
  const blockers: Diagnostic[] = [];
  const leftOut: ExportScope['leftOut'] = [];
  for (const g of graphs) {
    const trained = trainedNodes(program, g);
    for (const id of Object.keys(g.nodes).sort()) {
      const node = g.nodes[id]!;
      const form = torchForms[node.type];
      const where = g.id ? ` in module ${g.id}` : '';
      const who = `${node.label} (${id}, ${node.type})${where}`;
      if (!form)
        blockers.push(
          diagnostic(
            'error',
            'export-pytorch',
            `${who} has no PyTorch form, so the graph cannot be exported to PyTorch. Replace the node, or export with --target typescript.`,
            { nodeId: id },
          ),
        );
      else if (form.kind === 'unsupported')
        blockers.push(
          diagnostic(
            'error',
            'export-pytorch',
            `${who} cannot be exported to PyTorch: ${form.reason}.`,
            { nodeId: id },
          ),
        );
      else if (form.kind === 'preview') {
        if (trained.has(id))
          blockers.push(
            diagnostic(
              'error',
              'export-pytorch',
              `${who} is ${form.what}; samplers and metrics run in the app only, and this one feeds ${g.id ? "the module's outputs" : 'a loss'}. Connect the loss to a training node instead, or export with --target typescript.`,
              { nodeId: id },
            ),
          );
        else leftOut.push({ nodeId: id, text: `${who}: ${form.what}` });
      }
    }
  }
  return { blockers, leftOut };
};
