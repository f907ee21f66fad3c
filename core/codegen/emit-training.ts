// Emits the objectives (one named loss function each) and main(): the stages and the
// training loop, in the same order of operations as the app's trainer.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import type { IRProgram } from '../graph/ir';
import type { CodeWriter } from './code-writer';
import { camelIdentifier, type NameScope } from './identifiers';
import { commentText, docText, jsonLiteral } from './safe-text';
import { ancestorsInOrder, orderedNodes, stringParam } from './graph-walk';
import { UPDATES_ALL, type TesseraDocument } from '../document/document.types';
import { callMode, moduleObjects, sharedModuleIds, sharedPath, spreadLayers } from './module-reach';
import { emitForward } from './emit-forward';
import type { ExportPlan } from './plan';

export interface ObjectivePlan {
  stageIndex: number;
  objectiveId: string;
  name: string;
  functionName: string;
  optimizerNode: string;
  lossRef: { node: string; port: string };
  /** Member expressions (on `m`) whose layers this objective updates. */
  layerExpressions: string[];
  every: number;
  from: number;
  clipGradNorm: number;
}

/**
 * The layers an objective's `updates` entry names, as the engine resolves it: a module id (its
 * shared instance, every copy, and the shared modules they call), a top-level instance or handle
 * (the weights it calls; EMA shadows are never trained), a top-level node, or 'moduleId/nodeId'
 * (one node of the module, in its shared instance and its copies).
 */
const updatedLayers = (
  program: IRProgram,
  plan: ExportPlan,
  id: string,
  shared: ReadonlySet<string>,
): string[] | undefined => {
  if (id === UPDATES_ALL) {
    // Every trainable layer: the top level's, its private copies', every shared module's.
    const out: string[] = [];
    for (const node of orderedNodes(program.graph)) {
      const field = plan.top.names.get(node.id);
      const mode = callMode(node);
      if (field === undefined) continue;
      if (mode === 'copy') out.push(`...m.${field}.layerList()`);
      else if (mode === undefined && plan.imports.has(node.type)) out.push(`m.${field}`);
    }
    for (const mod of plan.modules)
      if (shared.has(mod.moduleId)) out.push(...spreadLayers([sharedPath(plan, mod.moduleId)]));
    return out;
  }
  if (plan.moduleById.has(id)) {
    const { own, called } = moduleObjects(plan, id, shared);
    return spreadLayers([...own, ...called]);
  }
  const node = program.graph.nodes[id];
  const field = plan.top.names.get(id);
  if (node && field !== undefined) {
    const mode = callMode(node);
    if (mode === undefined) return plan.imports.has(node.type) ? [`m.${field}`] : undefined;
    if (mode === 'ema') return [];
    const callee = stringParam(node, 'module') ?? '';
    if (!plan.moduleById.has(callee)) return undefined;
    const self = mode === 'copy' ? `m.${field}` : sharedPath(plan, callee);
    const { called } = moduleObjects(plan, callee, shared);
    return spreadLayers([self, ...called.filter((p) => p !== self)]);
  }
  const slash = id.indexOf('/');
  const mod = slash > 0 ? plan.moduleById.get(id.slice(0, slash)) : undefined;
  const inner = mod?.names.get(id.slice(slash + 1));
  if (mod && inner !== undefined)
    return moduleObjects(plan, mod.moduleId, shared).own.map((p) => `${p}.${inner}`);
  return undefined;
};

/** Resolves every objective to its loss, optimizer and layers; problems become diagnostics. */
export const planObjectives = (
  program: IRProgram,
  plan: ExportPlan,
  scope: NameScope,
): { objectives: ObjectivePlan[]; diagnostics: Diagnostic[] } => {
  const diagnostics: Diagnostic[] = [];
  const objectives: ObjectivePlan[] = [];
  const shared = sharedModuleIds(plan);
  program.training.stages.forEach((stage, stageIndex) => {
    for (const o of stage.objectives) {
      const opt = program.graph.nodes[o.optimizer];
      const lossRef = opt?.inputs['loss'];
      if (!opt || !lossRef) {
        diagnostics.push(
          diagnostic(
            'error',
            'export',
            `Objective "${o.name}" needs an optimizer node with a connected loss input; connect a loss to the optimizer "${o.optimizer}".`,
            opt ? { nodeId: opt.id, port: 'loss' } : {},
          ),
        );
        continue;
      }
      const layerExpressions: string[] = [];
      for (const id of o.updates) {
        const expr = updatedLayers(program, plan, id, shared);
        if (expr !== undefined) {
          for (const e of expr) if (!layerExpressions.includes(e)) layerExpressions.push(e);
        } else
          diagnostics.push(
            diagnostic(
              'warning',
              'export',
              `Objective "${o.name}" updates "${id}", which names no node, instance or module with weights; it is left out of the export's optimizer.`,
              { nodeId: opt.id },
            ),
          );
      }
      objectives.push({
        stageIndex,
        objectiveId: o.id,
        name: o.name || o.id,
        functionName: scope.take(camelIdentifier(o.name, 'objective') + 'Loss'),
        optimizerNode: opt.id,
        lossRef,
        layerExpressions,
        every: o.every,
        from: o.from,
        clipGradNorm: o.clipGradNorm,
      });
    }
  });
  return { objectives, diagnostics };
};

export const emitObjectiveFunctions = (
  w: CodeWriter,
  program: IRProgram,
  plan: ExportPlan,
  objectives: readonly ObjectivePlan[],
): void => {
  for (const o of objectives) {
    const opt = program.graph.nodes[o.optimizerNode]!;
    w.line(
      `/** Objective "${docText(o.name)}": the loss that optimizer "${docText(opt.label || opt.id)}" minimises. */`,
    );
    w.block(`function ${o.functionName}(m: Model, ctx: ApplyContext): Tensor {`, () => {
      emitForward(
        w,
        { plan, graph: plan.top, owner: 'm' },
        ancestorsInOrder(program.graph, [o.lossRef.node]),
      );
      w.line(
        `return out(${plan.top.names.get(o.lossRef.node) ?? 'missing'}, ${jsonLiteral(o.lossRef.port)});`,
      );
    });
    w.line();
  }
};

export const emitMain = (
  w: CodeWriter,
  program: IRProgram,
  document: TesseraDocument,
  plan: ExportPlan,
  objectives: readonly ObjectivePlan[],
): void => {
  const t = program.training;
  w.block('async function main(): Promise<void> {', () => {
    w.line(`const rt = await createRuntime(tf, {`);
    w.line(`  project: ${jsonLiteral(document.name)},`);
    w.line(`  seed: ${jsonLiteral(t.seed)},`);
    w.line(`  batchSize: ${jsonLiteral(t.batchSize)},`);
    w.line(`  checkpointEvery: ${jsonLiteral(t.checkpointEvery)},`);
    w.line(`  argv: process.argv.slice(2),`);
    w.line(`});`);
    w.line();
    w.line('// Modules used by reference share one instance (and so their weights).');
    w.line('const shared = {} as SharedModules;');
    const used = sharedModuleIds(plan);
    const sharedModules = plan.modules.filter((mod) => used.has(mod.moduleId));
    for (const mod of sharedModules)
      w.line(
        `shared.${plan.sharedNames.get(mod.moduleId)} = await ${mod.className}.create(rt, shared, ${jsonLiteral(mod.moduleId + '/')}, ${jsonLiteral(mod.moduleId + '/')});`,
      );
    w.line("const m = await Model.create(rt, shared, '', '');");
    w.line(
      `const allLayers = [${['...m.layerList()', ...sharedModules.map((mod) => `...shared.${plan.sharedNames.get(mod.moduleId)}.layerList()`)].join(', ')}];`,
    );
    w.line('await rt.restore(allLayers);');
    w.line();
    w.line(
      '// Stages run in order; each objective has its own optimizer and updates only its own layers.',
    );
    w.block(
      'const stages: Stage<Model>[] = [',
      () => {
        t.stages.forEach((stage, i) => {
          w.block(
            '{',
            () => {
              w.line(`name: ${jsonLiteral(stage.name || stage.id)},`);
              w.line(`steps: ${jsonLiteral(stage.steps)},`);
              const frozen = [
                ...new Set(
                  (stage.frozen ?? []).flatMap(
                    (id) => updatedLayers(program, plan, id, used) ?? [],
                  ),
                ),
              ];
              w.line(
                `// Held fixed in this stage: ${(stage.frozen ?? []).map((id) => commentText(id, 60)).join(', ') || 'nothing'}.`,
              );
              w.line(`frozen: [${frozen.join(', ')}],`);
              w.block(
                'objectives: [',
                () => {
                  for (const o of objectives.filter((x) => x.stageIndex === i)) {
                    const opt = program.graph.nodes[o.optimizerNode]!;
                    w.block(
                      '{',
                      () => {
                        w.line(`name: ${jsonLiteral(o.name)},`);
                        w.line(`loss: ${o.functionName},`);
                        w.line(`optimizer: rt.optimizerOf(m.${plan.top.names.get(opt.id)}),`);
                        w.line(
                          `layers: [${o.layerExpressions.filter((e) => e !== '').join(', ')}],`,
                        );
                        w.line(`every: ${jsonLiteral(o.every)},`);
                        w.line(`from: ${jsonLiteral(o.from)},`);
                        w.line(`clipGradNorm: ${jsonLiteral(o.clipGradNorm)},`);
                      },
                      '},',
                    );
                  }
                },
                '],',
              );
            },
            '},',
          );
        });
      },
      '];',
    );
    w.line();
    w.line(
      "// One global step runs the stage's due objectives in order, then the afterStep hooks and EMA copies.",
    );
    w.line('let stepIndex = 0;');
    w.line('// --steps N cuts the plan short or extends the last stage, as in the app.');
    w.block('for (const [stageIndex, stage] of rt.plan(stages).entries()) {', () => {
      w.line('rt.beginStage(stageIndex, stage);');
      w.block('for (let i = 0; i < stage.steps; i++, stepIndex++) {', () => {
        w.line('if (rt.resumedPast(stepIndex)) continue;');
        w.line('const losses: Record<string, number> = {};');
        w.block('for (const o of stage.objectives) {', () => {
          w.line('if (!rt.isDue(o, i)) continue;');
          w.line('const value = rt.minimize(stage, o, (ctx) => o.loss(m, ctx));');
          w.line('if (value !== undefined) losses[o.name] = value;');
        });
        w.line('rt.afterStep(stage);');
        w.line('await rt.endStep(stageIndex, stage, losses, allLayers);');
      });
    });
    w.line('await rt.finish(allLayers);');
  });
  w.line();
  w.line('main().catch((error: unknown) => {');
  w.line('  console.error(error);');
  w.line('  process.exitCode = 1;');
  w.line('});');
};
