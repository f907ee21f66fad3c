// The naming plan of one export: every name the generated program uses is chosen here, once,
// in a fixed order (modules by dependency then id, nodes in topological order), so the same
// IR always produces the same program.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import type { IRGraph, IRModule, IRNode, IRProgram } from '../graph/ir';
import { camelIdentifier, NameScope, pascalIdentifier } from './identifiers';
import { planOwnCode, type OwnCodeModule } from './own-code';
import {
  isModuleNode,
  MODULE_HANDLE,
  MODULE_INSTANCE,
  orderedNodes,
  stringParam,
} from './graph-walk';

export interface LayerImport {
  /** Repo-relative module path without extension, e.g. 'nodes/encode/conv-encoder/conv-encoder.layer'. */
  modulePath: string;
  factory: string;
  /** The local name in the generated program (differs from `factory` only on a clash). */
  alias: string;
}

export interface GraphPlan {
  graph: IRGraph;
  /** Node id -> field / local-variable name. */
  names: Map<string, string>;
}

export interface ModulePlan extends GraphPlan {
  moduleId: string;
  module: IRModule;
  className: string;
  /** Ids of modules whose shared instance this module calls. */
  uses: string[];
}

export interface ExportPlan {
  top: GraphPlan;
  /** In creation order: a module comes after every module it uses. */
  modules: ModulePlan[];
  moduleById: Map<string, ModulePlan>;
  /** `${typeId}` -> import. */
  imports: Map<string, LayerImport>;
  /** Field names of the shared module instances (module id -> name). */
  sharedNames: Map<string, string>;
  /** The one scope every generated name comes from (so no name ever shadows another). */
  scope: NameScope;
  /** Nodes with their own code (custom layers), by ownCodeKey(graph id, node id). */
  ownCode: Map<string, OwnCodeModule>;
  diagnostics: Diagnostic[];
}

/**
 * Variables, classes and members the generated programs use; names made from labels never
 * take them (so nothing a user types can shadow them). Property keys (port names, 'name:')
 * may coincide with node names: they live in another namespace.
 */
export const PROGRAM_NAMES = [
  'Model',
  'SharedModules',
  'Stage',
  'Runtime',
  'NodeLayer',
  'Tensor',
  'ApplyContext',
  'createRuntime',
  'handleOf',
  'out',
  'main',
  'm',
  'shared',
  'stages',
  'allLayers',
  'losses',
  'stageIndex',
  'stepIndex',
  'i',
  'o',
  'error',
  'value',
  'scope',
  'rt',
  'layers',
  'create',
  'forward',
  'layerList',
  'apply',
  'readonly',
  'prefix',
  'seedPath',
  'optimizerOf',
  'nodeId',
  'createInferenceRuntime',
  'loadModel',
  'loadFromUrl',
  'tfjs',
  'moduleInputs',
  'moduleOutputs',
  'missing',
  'run',
  'loadWeights',
];

const baseName = (node: IRNode): string => {
  const fromType = node.type.split('/').pop() ?? 'node';
  return camelIdentifier(node.label || node.id, camelIdentifier(fromType, 'node'));
};

const planGraph = (graph: IRGraph, scope: NameScope): GraphPlan => {
  const names = new Map<string, string>();
  for (const node of orderedNodes(graph)) names.set(node.id, scope.take(baseName(node)));
  return { graph, names };
};

/** Modules used (as instances or handles) by a graph. */
const usedModules = (graph: IRGraph): string[] => {
  const out = new Set<string>();
  for (const node of Object.values(graph.nodes)) {
    if (node.type !== MODULE_INSTANCE && node.type !== MODULE_HANDLE) continue;
    const m = stringParam(node, 'module');
    if (m !== undefined) out.add(m);
  }
  return [...out].sort();
};

export const planExport = (program: IRProgram): ExportPlan => {
  const diagnostics: Diagnostic[] = [];
  const imports = new Map<string, LayerImport>();
  const scope = new NameScope(PROGRAM_NAMES);

  const collectImports = (graph: IRGraph): void => {
    for (const node of orderedNodes(graph)) {
      if (isModuleNode(node) || imports.has(node.type)) continue;
      if (!node.def) {
        diagnostics.push(
          diagnostic(
            'error',
            'export',
            `Node type "${node.type}" is unknown, so it cannot be exported. Replace or delete the node.`,
            { nodeId: node.id },
          ),
        );
        continue;
      }
      const emit = node.def.emit;
      if (
        !emit ||
        !/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(emit.factory) ||
        !/^[A-Za-z0-9_./-]+$/.test(emit.layerModule) ||
        emit.layerModule.includes('..')
      ) {
        diagnostics.push(
          diagnostic(
            'error',
            'export',
            `Node type "${node.type}" has no export information (emit.layerModule / emit.factory) yet, so graphs using it cannot be exported. Use another node type or update Tessera.`,
            { nodeId: node.id },
          ),
        );
        continue;
      }
      imports.set(node.type, {
        modulePath: `nodes/${emit.layerModule}`,
        factory: emit.factory,
        alias: scope.take(emit.factory),
      });
    }
  };

  // Module classes in dependency order; a module that (indirectly) uses itself cannot be built.
  const moduleIds = Object.keys(program.modules).sort();
  const state = new Map<string, 'visiting' | 'done'>();
  const ordered: string[] = [];
  const visit = (id: string, from: string | undefined): void => {
    const s = state.get(id);
    if (s === 'done') return;
    const mod = program.modules[id];
    if (!mod) {
      diagnostics.push(
        diagnostic(
          'error',
          'export',
          `Module "${id}" is used but not defined. Add the module or remove the nodes that use it.`,
          from ? { nodeId: from } : {},
        ),
      );
      return;
    }
    if (s === 'visiting') {
      diagnostics.push(
        diagnostic(
          'error',
          'export',
          `Module "${mod.name}" uses itself through its instances, so it cannot be built. Remove the recursive instance.`,
        ),
      );
      return;
    }
    state.set(id, 'visiting');
    for (const u of usedModules(mod)) visit(u, undefined);
    state.set(id, 'done');
    ordered.push(id);
  };
  for (const id of moduleIds) visit(id, undefined);
  for (const u of usedModules(program.graph)) visit(u, undefined);

  for (const id of ordered) collectImports(program.modules[id]!);
  collectImports(program.graph);
  const sharedNames = new Map<string, string>();
  const modules: ModulePlan[] = [];
  const moduleById = new Map<string, ModulePlan>();
  for (const id of ordered) {
    const mod = program.modules[id]!;
    const className = scope.take(pascalIdentifier(mod.name || id, 'Module') + 'Module');
    sharedNames.set(id, scope.take(camelIdentifier(mod.name || id, 'module')));
    const plan: ModulePlan = {
      ...planGraph(mod, scope),
      moduleId: id,
      module: mod,
      className,
      uses: usedModules(mod),
    };
    modules.push(plan);
    moduleById.set(id, plan);
  }
  const top = planGraph(program.graph, scope);
  const ownCode = planOwnCode([...modules, top], scope);
  return { top, modules, moduleById, imports, sharedNames, scope, ownCode, diagnostics };
};
