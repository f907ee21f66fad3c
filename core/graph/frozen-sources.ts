// Part of the training pass: an input declared `frozenUpstream` (Diffusion Step's x0) takes data to
// be modelled, not a path to train through. In a stage whose objective depends on such a node,
// every weighted node or module upstream of that input (latent diffusion's stage-1 encoder) must
// be left alone by the objective: frozen in the stage, or not in its updates. Otherwise the loss
// would move the very latents it learns to denoise, and they collapse towards what is easiest.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import { UPDATES_ALL, type Stage } from '../document/document.types';
import type { IRGraph, IRNode, IRProgram } from './ir';
import { MODULE_INSTANCE, isModuleNodeType } from './module-types';
import { own } from './pass-context';

const SOURCE = 'training';

/** Ids of the nodes that `from` depends on in the top-level graph (through tensor inputs). */
const upstreamOf = (graph: IRGraph, from: readonly string[]): Set<string> => {
  const seen = new Set<string>();
  const todo = [...from];
  while (todo.length > 0) {
    const id = todo.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const ref of Object.values(own(graph.nodes, id)?.inputs ?? {})) todo.push(ref.node);
  }
  return seen;
};

/** The module a node calls and every module nested in it (an update naming any of them trains it). */
const calledModules = (program: IRProgram, node: IRNode): Set<string> => {
  const out = new Set<string>();
  const visit = (id: string): void => {
    if (out.has(id)) return;
    const mod = own(program.modules, id);
    if (!mod) return;
    out.add(id);
    for (const n of Object.values(mod.nodes))
      if (n.type === MODULE_INSTANCE) visit(String(n.params.module));
  };
  if (node.type === MODULE_INSTANCE) visit(String(node.params.module));
  return out;
};

/** Whether the node holds trainable weights (unknown costs count as weighted, to be safe). */
const hasWeights = (program: IRProgram, node: IRNode): boolean => {
  if (node.type === MODULE_INSTANCE)
    return [...calledModules(program, node)].some((m) =>
      Object.values(own(program.modules, m)?.nodes ?? {}).some(
        (n) => n.type !== MODULE_INSTANCE && hasWeights(program, n),
      ),
    );
  if (isModuleNodeType(node.type) || !node.def || node.def.role !== 'layer') return false;
  return (node.cost?.params ?? 1) > 0;
};

const describe = (node: IRNode): string =>
  node.type === MODULE_INSTANCE
    ? `${node.label} (module "${String(node.params.module)}")`
    : `${node.label} ("${node.id}")`;

/** Errors for stages whose objectives would train weights upstream of a frozenUpstream input. */
export const frozenSourceProblems = (
  program: IRProgram,
  stages: readonly Stage[],
): Diagnostic[] => {
  const out: Diagnostic[] = [];
  const graph = program.graph;
  const guarded = Object.values(graph.nodes).flatMap((node) =>
    (node.def?.inputs ?? [])
      .filter((p) => p.frozenUpstream && own(node.inputs, p.name) !== undefined)
      .map((p) => ({
        node,
        port: p.name,
        source: own(node.inputs, p.name)!.node,
        reason: p.frozenUpstreamReason,
      })),
  );
  if (guarded.length === 0) return out;
  const trainedBy = new Map<string, number>();
  stages.forEach((stage, si) => {
    const sname = stage.name || stage.id;
    const frozen = new Set(stage.frozen ?? []);
    for (const objective of stage.objectives) {
      const lossRef = own(graph.nodes, objective.optimizer)?.inputs.loss;
      if (!lossRef) continue;
      const needs = upstreamOf(graph, [lossRef.node]);
      const updates = new Set(objective.updates);
      const all = updates.has(UPDATES_ALL);
      for (const g of guarded) {
        if (!needs.has(g.node.id)) continue;
        for (const id of upstreamOf(graph, [g.source])) {
          const node = own(graph.nodes, id);
          if (!node || !hasWeights(program, node)) continue;
          const mods = calledModules(program, node);
          const own_ = node.type === MODULE_INSTANCE ? String(node.params.module) : undefined;
          const isFrozen = frozen.has(id) || (own_ !== undefined && frozen.has(own_));
          const updated = all || updates.has(id) || [...mods].some((m) => updates.has(m));
          if (isFrozen || !updated) continue;
          const earlier =
            trainedBy.get(id) ??
            (own_ !== undefined ? trainedBy.get(own_) : undefined) ??
            trainedBy.get(UPDATES_ALL);
          const name = own_ ?? id;
          out.push(
            diagnostic(
              'error',
              SOURCE,
              g.reason !== undefined
                ? `Stage ${sname}: objective ${objective.name || objective.id} would train ${describe(node)}, which makes the input "${g.port}" of ${g.node.label}${earlier !== undefined ? `, and which stage ${earlier + 1} trained` : ''}; ${g.reason}. Add "${name}" to the stage's frozen list (or take it out of the objective's updates).`
                : `Stage ${sname}: objective ${objective.name || objective.id} would train ${describe(node)}, which makes the data that ${g.node.label} diffuses (its input "${g.port}")${earlier !== undefined ? `, and which stage ${earlier + 1} trained` : ''}; the loss would move the latents it learns to denoise. Add "${name}" to the stage's frozen list (or take it out of the objective's updates).`,
              {
                nodeId: node.id,
                ...(node.path !== undefined ? { path: node.path } : {}),
              },
            ),
          );
        }
      }
    }
    for (const objective of stage.objectives)
      for (const id of objective.updates) if (!trainedBy.has(id)) trainedBy.set(id, si);
  });
  return out;
};
