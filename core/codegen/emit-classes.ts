// Emits one class per module (layers created once, a forward method) and the Model class that
// holds the top-level graph's layers. Shared module instances live in one SharedModules
// object, so a module used twice shares its weights, as calling one nn.Module twice does.
import type { IRNode } from '../graph/ir';
import type { CodeWriter } from './code-writer';
import { jsonLiteral, commentText, docText } from './safe-text';
import { propertyKey } from './identifiers';
import {
  ancestorsInOrder,
  MODULE_HANDLE,
  MODULE_INPUT,
  MODULE_INSTANCE,
  MODULE_OUTPUT,
  orderedNodes,
  stringParam,
} from './graph-walk';
import { emitForward, nodeComment } from './emit-forward';
import { ownCodeKey, paramsWithoutCode } from './own-code';
import type { ExportPlan, GraphPlan, ModulePlan } from './plan';

/** What a node turns into as a class member. */
type Member =
  | { node: IRNode; name: string; kind: 'layer'; graphId: string }
  | { node: IRNode; name: string; kind: 'copy'; module: ModulePlan; ema: boolean };

const membersOf = (plan: ExportPlan, graph: GraphPlan): Member[] => {
  const out: Member[] = [];
  for (const node of orderedNodes(graph.graph)) {
    const name = graph.names.get(node.id)!;
    if (node.type === MODULE_INSTANCE) {
      const weights = stringParam(node, 'weights') ?? 'copy';
      const module = plan.moduleById.get(stringParam(node, 'module') ?? '');
      if (weights !== 'shared' && module)
        out.push({ node, name, kind: 'copy', module, ema: weights === 'ema' });
      continue;
    }
    if (node.type === MODULE_INPUT || node.type === MODULE_OUTPUT || node.type === MODULE_HANDLE)
      continue;
    if (!plan.imports.has(node.type)) continue;
    out.push({ node, name, kind: 'layer', graphId: graph.graph.id });
  }
  return out;
};

const emitBuild = (w: CodeWriter, plan: ExportPlan, m: Member): void => {
  for (const c of nodeComment(m.node)) w.line(c);
  if (m.kind === 'copy') {
    // A copy has its own weights and seeds; an EMA shadow starts from the shared module's seeds (so equal weights).
    const seedPath = m.ema
      ? `${jsonLiteral(m.module.moduleId + '/')}`
      : `seedPath + ${jsonLiteral(m.node.id + '/')}`;
    w.line(
      `${propertyKey(m.name)}: await ${m.module.className}.create(rt, shared, prefix + ${jsonLiteral(m.node.id + '/')}, ${seedPath}),`,
    );
    return;
  }
  const imp = plan.imports.get(m.node.type)!;
  // A node with its own code builds through its per-node factory, without the code in its params.
  const own = plan.ownCode.get(ownCodeKey(m.graphId, m.node.id));
  w.block(
    `${propertyKey(m.name)}: await rt.build(${own?.factoryName ?? imp.alias}, {`,
    () => {
      w.line(`nodeId: ${jsonLiteral(m.node.id)},`);
      w.line('prefix,');
      w.line('seedPath,');
      w.line(`params: ${own ? paramsWithoutCode(own) : jsonLiteral(m.node.params)},`);
      w.line(`inputs: ${jsonLiteral(m.node.inputTypes)},`);
      w.line(`outputs: ${jsonLiteral(m.node.outputTypes)},`);
    },
    '}),',
  );
};

/** The class body shared by modules and the Model: fields, constructor, create, layerList. */
const emitClassBody = (
  w: CodeWriter,
  plan: ExportPlan,
  className: string,
  members: Member[],
): void => {
  for (const m of members)
    w.line(`readonly ${m.name}: ${m.kind === 'copy' ? m.module.className : 'NodeLayer'};`);
  w.line();
  const layersType =
    members.length === 0
      ? 'Record<string, never>'
      : `{ ${members.map((m) => `${m.name}: ${m.kind === 'copy' ? m.module.className : 'NodeLayer'}`).join('; ')} }`;
  w.block(`constructor(readonly shared: SharedModules, layers: ${layersType}) {`, () => {
    for (const m of members) w.line(`this.${m.name} = layers.${m.name};`);
  });
  w.line();
  w.line(
    '/** Creates every layer once. Weights are named prefix + node id and seeded from the project seed and seedPath + node id, as in the app. */',
  );
  w.block(
    `static async create(rt: Runtime, shared: SharedModules, prefix: string, seedPath: string): Promise<${className}> {`,
    () => {
      w.block(
        `const layers = {`,
        () => {
          for (const m of members) emitBuild(w, plan, m);
        },
        '};',
      );
      for (const m of members) {
        if (m.kind !== 'copy' || !m.ema) continue;
        const decay = m.node.params['emaDecay'];
        w.line(
          `// ${commentText(m.node.label || m.node.id)}: an exponential moving average of the shared ${commentText(m.module.module.name || m.module.moduleId)} weights.`,
        );
        w.line(
          `rt.trackEma(layers.${m.name}.layerList(), shared.${plan.sharedNames.get(m.module.moduleId)}.layerList(), ${jsonLiteral(typeof decay === 'number' ? decay : 0.999)});`,
        );
      }
      w.line(`return new ${className}(shared, layers);`);
    },
  );
  w.line();
  w.line(
    '/** Its own layers, then those of its private copies, in a fixed order (optimizers and checkpoints use it). */',
  );
  w.block('layerList(): NodeLayer[] {', () => {
    const parts = members.map((m) =>
      m.kind === 'copy' ? `...this.${m.name}.layerList()` : `this.${m.name}`,
    );
    w.line(`return [${parts.join(', ')}];`);
  });
};

export const emitModuleClass = (w: CodeWriter, plan: ExportPlan, mod: ModulePlan): void => {
  const ins = Object.keys(mod.graph.nodes).length;
  const irModule = mod.module;
  const inputNames = Object.keys(irModule.inputNodes).sort();
  const outputNames = Object.keys(irModule.outputNodes).sort();
  w.line(`/** Module "${docText(irModule.name || mod.moduleId)}" (${ins} nodes). */`);
  w.block(`class ${mod.className} {`, () => {
    emitClassBody(w, plan, mod.className, membersOf(plan, mod));
    w.line();
    w.line(
      `/** Inputs: ${inputNames.map((n) => docText(n, 40)).join(', ') || 'none'}. Outputs: ${outputNames.map((n) => docText(n, 40)).join(', ') || 'none'}. */`,
    );
    w.block(
      'forward(inputs: Record<string, Tensor>, ctx: ApplyContext): Record<string, Tensor> {',
      () => {
        // Evaluated as the engine does: from each output in turn, depth first.
        const outputTargets = Object.values(irModule.outputNodes);
        emitForward(
          w,
          { plan, graph: mod, owner: 'this' },
          ancestorsInOrder(mod.graph, outputTargets),
        );
        const results: string[] = [];
        for (const port of Object.keys(irModule.outputNodes)) {
          const outNode = mod.graph.nodes[irModule.outputNodes[port]!];
          const ref = outNode ? Object.values(outNode.inputs)[0] : undefined;
          if (ref)
            results.push(
              `${propertyKey(port)}: out(${mod.names.get(ref.node) ?? 'missing'}, ${jsonLiteral(ref.port)})`,
            );
        }
        w.line(`return { ${results.join(', ')} };`);
      },
    );
  });
};

export const emitModelClass = (w: CodeWriter, plan: ExportPlan): void => {
  w.line('/** The top-level graph: every layer outside modules, and private module copies. */');
  w.block('class Model {', () => {
    emitClassBody(w, plan, 'Model', membersOf(plan, plan.top));
  });
};
