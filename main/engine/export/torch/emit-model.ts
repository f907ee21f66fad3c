// IR -> model.py: one nn.Module class per module (each specialisation of a module with params
// is its own class, as the app specialises it), and the Model class for the top-level graph with
// the shared modules (Model.shared: one per module used with shared weights, a handle or an EMA
// source), its own layers and private module copies, the app-weight tables and one method per
// objective that evaluates the graph from the objective's loss (see emit-graph.ts).
import { diagnostic, type Diagnostic } from '../../../../core/diagnostics/diagnostic';
import type { IRGraph, IRModule, IRProgram } from '../../../../core/graph/ir';
import type { PortRef } from '../../../../core/document/document.types';
import { emitGraphBody, emitModuleForward, formContext, type GraphScope } from './emit-graph';
import { comment, PythonNames } from './python-names';
import { py, type TorchLayer } from './torch-form';
import { torchForms } from './torch-forms';
import {
  attributeNames,
  callsModule,
  instanceMode,
  layerNodes,
  planSets,
  type TorchSets,
} from './torch-sets';

export interface ObjectivePlan {
  id: string;
  name: string;
  optimizer: string;
  /** The model method computing the objective's values. */
  method: string;
  loss: PortRef;
}

export interface ModelPlan {
  source: string;
  sets: TorchSets;
  /** Per graph: node id -> its layer (nodes with an nn.Module). */
  layers: Map<IRGraph, Map<string, TorchLayer>>;
  objectives: ObjectivePlan[];
  diagnostics: Diagnostic[];
}

const pascal = (text: string): string =>
  text
    .replace(/\([^)]*\)/g, ' ')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

/** Layers of one graph: the nn.Module each node with a form's layer creates. */
const graphLayers = (graph: IRGraph, attrs: Map<string, string>): Map<string, TorchLayer> => {
  const out = new Map<string, TorchLayer>();
  for (const id of graph.order) {
    const node = graph.nodes[id]!;
    const form = torchForms[node.type];
    if (form?.kind !== 'op' || !form.layer) continue;
    out.set(id, form.layer(formContext(graph, node, `self.${attrs.get(id)}`)));
  }
  return out;
};

/** `PARAMS` of a specialised module: the values in its id ('block(width=128,heads=4)'). */
const specialisedParams = (mod: IRModule): string | undefined => {
  const m = /\((.*)\)$/.exec(mod.id);
  return m ? m[1]!.replace(/,/g, ', ') : undefined;
};

const classLines = (
  program: IRProgram,
  graph: IRGraph,
  layers: Map<string, TorchLayer>,
  attrs: Map<string, string>,
  className: (moduleId: string) => string,
): string[] => {
  const lines: string[] = [];
  for (const id of graph.order) {
    const node = graph.nodes[id]!;
    const layer = layers.get(id);
    if (layer)
      lines.push(`        self.${attrs.get(id)} = ${layer.module}  # ${comment(node.label)}`);
    else if (callsModule(node.type) && instanceMode(node.type, node.params) !== 'shared') {
      const moduleId = String(node.params['module'] ?? '');
      if (!program.modules[moduleId]) continue;
      const mode = instanceMode(node.type, node.params);
      lines.push(
        `        self.${attrs.get(id)} = ${className(moduleId)}(shared)  # ${comment(node.label)}: ${mode === 'ema' ? 'an EMA of the shared weights' : 'its own weights'}`,
      );
    }
  }
  return lines;
};

export const emitModel = (program: IRProgram, documentName: string): ModelPlan => {
  const sets = planSets(program);
  const diagnostics: Diagnostic[] = [];
  const classNames = new PythonNames();
  const classOf = new Map<string, string>();
  for (const mod of Object.values(program.modules)) {
    let base = pascal(mod.name || mod.id) || 'Block';
    if (/^[0-9]/.test(base)) base = `M${base}`;
    if (base === 'Model') base = 'ModelModule';
    // PythonNames lower-cases; keep the Pascal case and make it unique by suffix.
    let name = base;
    for (let i = 2; classNames.has(name); i++) name = `${base}${i}`;
    classNames.reserve(name);
    classOf.set(mod.id, name);
  }
  const className = (id: string): string => classOf.get(id) ?? 'Missing';
  const layers = new Map<IRGraph, Map<string, TorchLayer>>();
  const attrsOf = new Map<IRGraph, Map<string, string>>();
  for (const g of [program.graph, ...Object.values(program.modules)]) {
    const attrs = attributeNames(g);
    attrsOf.set(g, attrs);
    layers.set(g, graphLayers(g, attrs));
  }
  const sharedKey = (moduleId: string): string => sets.sharedKeys.get(moduleId) ?? moduleId;

  const moduleClasses: string[] = [];
  for (const mod of Object.values(program.modules)) {
    const attrs = attrsOf.get(mod)!;
    const scope: GraphScope = {
      graph: mod,
      module: mod,
      attrs,
      sharedRef: (m) => `self._shared[${py(sharedKey(m))}]`,
    };
    const spec = specialisedParams(mod);
    const body = classLines(program, mod, layers.get(mod)!, attrs, className);
    moduleClasses.push(
      `class ${className(mod.id)}(nn.Module):`,
      `    """Module ${py(mod.name || mod.id)} (id ${comment(mod.id)}).${spec ? ` Specialised for ${comment(spec)}: sizes below are computed from these module params; to change them, set them in the app and export again.` : ''}"""`,
      '',
      '    def __init__(self, shared):',
      '        super().__init__()',
      '        self._shared = shared  # Model.shared, by module id key (not registered here)',
      ...body,
      '',
      ...emitModuleForward(scope, mod),
      '',
      '',
    );
  }

  // The app-weight tables: every set's weights under its prefix, EMA shadows and buffers as state.
  const weightRows: string[] = [];
  const stateRows: string[] = [];
  for (const set of sets.sets) {
    const graphLayerMap = layers.get(set.graph)!;
    const attrs = attrsOf.get(set.graph)!;
    for (const id of layerNodes(set)) {
      const layer = graphLayerMap.get(id);
      if (!layer) continue;
      const at = `${set.path}${attrs.get(id)}`;
      for (const [w, { param, layout }] of Object.entries(layer.weights)) {
        const row = `        ${py(`${set.prefix}${id}/${w}`)}: (${py(`${at}.${param}`)}, ${py(layout)}),`;
        (set.kind === 'ema' ? stateRows : weightRows).push(row);
      }
      for (const [s, buffer] of Object.entries(layer.state ?? {}))
        stateRows.push(
          `        ${py(`${set.prefix}${id}/state/${s}`)}: (${py(`${at}.${buffer}`)}, "same"),`,
        );
    }
  }

  const objectives: ObjectivePlan[] = [];
  const methods: string[] = [];
  const names = new PythonNames();
  const topAttrs = attrsOf.get(program.graph)!;
  for (const v of topAttrs.values()) names.reserve(v);
  const topScope: GraphScope = {
    graph: program.graph,
    attrs: topAttrs,
    sharedRef: (m) => `self.shared[${py(sharedKey(m))}]`,
  };
  for (const stage of program.training.stages)
    for (const o of stage.objectives) {
      if (objectives.some((p) => p.id === o.id)) continue;
      const loss = program.graph.nodes[o.optimizer]?.inputs['loss'];
      if (!loss) {
        diagnostics.push(
          diagnostic(
            'error',
            'export-pytorch',
            `Objective "${o.name || o.id}": its optimizer ${o.optimizer} has no loss connected.`,
            { nodeId: o.optimizer },
          ),
        );
        continue;
      }
      const method = names.make(o.name || o.id, 'objective');
      objectives.push({ id: o.id, name: o.name || o.id, optimizer: o.optimizer, method, loss });
      const body = emitGraphBody(topScope, [loss.node]);
      const lossVar = body.values.get(`${loss.node}.${loss.port}`) ?? 'None';
      methods.push(
        `    def ${method}(self, sampler) -> dict:`,
        `        """Objective ${py(o.name || o.id)}: every value on the way to its loss, by 'node.port'."""`,
        ...body.lines,
        '        return {',
        ...[...body.values].map(([k, v]) => `            ${py(k)}: ${v},`),
        `            "__loss__": ${lossVar},`,
        '        }',
        '',
      );
    }

  const sharedSets = sets.sets.filter((s) => s.kind === 'shared');
  const emaRows = sets.emas.map(
    (e) => `        (${py(e.shadow)}, ${py(e.source)}, ${py(e.decay)}),`,
  );
  const lines = [
    `"""The model of ${comment(documentName)}, exported from Tessera (see README.md).`,
    '',
    'Tensors are NHWC between nodes, as in the app; layers are named after their node ids.',
    '"""',
    'import math',
    '',
    'import torch',
    'import torch.nn.functional as F',
    'from torch import nn',
    '',
    'from tessera_torch import autoregressive as AR',
    'from tessera_torch import detection as D',
    'from tessera_torch import diffusion as DF',
    'from tessera_torch import gan as G',
    'from tessera_torch import layers as L',
    'from tessera_torch import sequence as S',
    'from tessera_torch import ssl as SSL',
    'from tessera_torch import text as TX',
    'from tessera_torch import vq as VQ',
    'from tessera_torch import vqgan as VG',
    '',
    '',
    ...moduleClasses,
    'class Model(nn.Module):',
    `    """${comment(documentName)}: the top-level graph. forward(sampler, objective) returns that objective's loss."""`,
    '',
    '    # App checkpoint key (weights/<set prefix><node>/<weight>) -> (parameter, tfjs layout converted on load).',
    '    APP_WEIGHTS = {',
    ...weightRows,
    '    }',
    '    # App checkpoint state (state/...): running statistics, EMA shadows -> (buffer or parameter, layout).',
    '    APP_STATE = {',
    ...stateRows,
    '    }',
    '    # EMA copies: (shadow, shared source, decay); shadow <- decay * shadow + (1 - decay) * source after each step.',
    `    EMA = [${emaRows.length > 0 ? '' : ']'}`,
    ...(emaRows.length > 0 ? [...emaRows, '    ]'] : []),
    '',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.shared = nn.ModuleDict()  # modules whose instances share one set of weights',
    '        shared = L.SharedModules(self.shared)',
    ...sharedSets.map(
      (s) =>
        `        self.shared[${py(sharedKey(s.module!.id))}] = ${className(s.module!.id)}(shared)`,
    ),
    ...classLines(program, program.graph, layers.get(program.graph)!, topAttrs, className),
    '        L.start_ema(self, self.EMA)',
    '',
    '    def forward(self, sampler, objective: str):',
    '        return getattr(self, objective)(sampler)["__loss__"]',
    '',
    ...methods,
  ];
  return {
    source: lines.join('\n').replace(/\n+$/, '') + '\n',
    sets,
    layers,
    objectives,
    diagnostics,
  };
};
