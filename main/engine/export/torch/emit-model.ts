// IR -> model.py: one nn.Module for the top-level graph (layers created once in __init__, named
// after their node ids), its app-weight table, and one method per objective that evaluates the
// graph depth-first from the objective's loss, inputs in port order, each node once: the order
// of main/engine/build/evaluate.ts, so data and noise draws consume the app's RNG alike.
import { diagnostic, type Diagnostic } from '../../../../core/diagnostics/diagnostic';
import type { IRGraph, IRNode, IRProgram } from '../../../../core/graph/ir';
import type { PortRef } from '../../../../core/document/document.types';
import { comment, PythonNames } from './python-names';
import { py, type TorchForm, type TorchFormContext, type TorchLayer } from './torch-form';
import { torchForms } from './torch-forms';

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
  /** Node id -> the attribute holding its layer (only nodes with weights). */
  layerAttr: Map<string, string>;
  /** App weight key -> torch parameter name. */
  weightParams: Map<string, string>;
  objectives: ObjectivePlan[];
  diagnostics: Diagnostic[];
}

const formOf = (node: IRNode): TorchForm | undefined => torchForms[node.type];

/** Export-blocking problems: nodes without a form, or forms that say they are unsupported. */
export const unsupportedNodes = (program: IRProgram): Diagnostic[] => {
  const graphs: IRGraph[] = [program.graph, ...Object.values(program.modules)];
  const out: Diagnostic[] = [];
  for (const g of graphs)
    for (const id of Object.keys(g.nodes).sort()) {
      const node = g.nodes[id]!;
      const form = formOf(node);
      const where = g.id ? ` in module ${g.id}` : '';
      if (!form)
        out.push(
          diagnostic(
            'error',
            'export-pytorch',
            `${node.label} (${id}, ${node.type})${where} has no PyTorch form, so the graph cannot be exported to PyTorch. Replace the node, or export with --target typescript.`,
            { nodeId: id },
          ),
        );
      else if (form.kind === 'unsupported')
        out.push(
          diagnostic(
            'error',
            'export-pytorch',
            `${node.label} (${id}, ${node.type})${where} cannot be exported to PyTorch: ${form.reason}.`,
            { nodeId: id },
          ),
        );
    }
  return out;
};

const contextOf = (graph: IRGraph, node: IRNode, self: string): TorchFormContext => ({
  node,
  self,
  input: (port) => {
    const t = node.inputTypes[port];
    if (t?.kind === 'tensor') return t;
    const ref = node.inputs[port];
    const src = ref ? graph.nodes[ref.node]?.outputTypes[ref.port] : undefined;
    return src?.kind === 'tensor' ? src : undefined;
  },
});

export const emitModel = (program: IRProgram, documentName: string): ModelPlan => {
  const graph = program.graph;
  const names = new PythonNames();
  const diagnostics: Diagnostic[] = [];
  const nodeName = new Map<string, string>();
  for (const id of graph.order.length > 0 ? graph.order : Object.keys(graph.nodes))
    nodeName.set(id, names.make(id));
  const layerAttr = new Map<string, string>();
  const layers: [IRNode, TorchLayer][] = [];
  for (const [id, name] of nodeName) {
    const node = graph.nodes[id]!;
    const form = formOf(node);
    if (form?.kind !== 'op' || !form.layer) continue;
    const layer = form.layer(contextOf(graph, node, `self.${name}`));
    layerAttr.set(id, name);
    layers.push([node, layer]);
  }
  const weightParams = new Map<string, string>();
  const table: string[] = [];
  for (const [node, layer] of layers)
    for (const [w, { param, layout }] of Object.entries(layer.weights)) {
      const torchName = `${layerAttr.get(node.id)}.${param}`;
      weightParams.set(`${node.id}/${w}`, torchName);
      table.push(`        ${py(`${node.id}/${w}`)}: (${py(torchName)}, ${py(layout)}),`);
    }

  const objectives: ObjectivePlan[] = [];
  const methods: string[] = [];
  for (const stage of program.training.stages)
    for (const o of stage.objectives) {
      if (objectives.some((p) => p.id === o.id)) continue;
      const loss = graph.nodes[o.optimizer]?.inputs['loss'];
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
      methods.push(...emitObjectiveMethod(graph, nodeName, o.name || o.id, method, loss));
    }

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
    'from tessera_torch import layers as L',
    '',
    '',
    'class Model(nn.Module):',
    `    """${comment(documentName)}: the top-level graph. forward(sampler, objective) returns that objective's loss."""`,
    '',
    '    # App checkpoint key (node/weight) -> (parameter, tfjs layout converted on load).',
    '    APP_WEIGHTS = {',
    ...table,
    '    }',
    '',
    '    def __init__(self):',
    '        super().__init__()',
    ...layers.map(
      ([node, l]) =>
        `        self.${layerAttr.get(node.id)} = ${l.module}  # ${comment(node.label)}`,
    ),
    ...(layers.length === 0 ? ['        pass'] : []),
    '',
    '    def forward(self, sampler, objective: str):',
    '        return getattr(self, objective)(sampler)["__loss__"]',
    '',
    ...methods,
  ];
  return {
    source: lines.join('\n').replace(/\n+$/, '') + '\n',
    layerAttr,
    weightParams,
    objectives,
    diagnostics,
  };
};

const emitObjectiveMethod = (
  graph: IRGraph,
  nodeName: Map<string, string>,
  title: string,
  method: string,
  loss: PortRef,
): string[] => {
  const body: string[] = [];
  const values = new Map<string, string>(); // 'node.port' -> variable
  const visited = new Set<string>();
  const visit = (id: string): void => {
    if (visited.has(id)) return;
    visited.add(id);
    const node = graph.nodes[id];
    if (!node) return;
    const inputs: Record<string, string> = {};
    for (const [port, ref] of Object.entries(node.inputs)) {
      visit(ref.node);
      const v = values.get(`${ref.node}.${ref.port}`);
      if (v) inputs[port] = v;
    }
    const form = formOf(node);
    if (form?.kind !== 'op') return;
    const name = nodeName.get(id) ?? id;
    const out = form.forward(inputs, contextOf(graph, node, `self.${name}`));
    const ports = 'tuple' in out ? out.ports : Object.keys(out.outputs);
    const varOf = (p: string): string => (ports.length === 1 ? name : `${name}_${p}`);
    body.push(`        # ${comment(node.label)} (${comment(node.type)})`);
    if ('tuple' in out) body.push(`        ${ports.map(varOf).join(', ')} = ${out.tuple}`);
    else for (const p of ports) body.push(`        ${varOf(p)} = ${out.outputs[p]}`);
    for (const p of ports) values.set(`${id}.${p}`, varOf(p));
  };
  visit(loss.node);
  const lossVar = values.get(`${loss.node}.${loss.port}`) ?? 'None';
  return [
    `    def ${method}(self, sampler) -> dict:`,
    `        """Objective ${py(title)}: every value on the way to its loss, by 'node.port'."""`,
    ...body,
    '        return {',
    ...[...values].map(([k, v]) => `            ${py(k)}: ${v},`),
    `            "__loss__": ${lossVar},`,
    '        }',
    '',
  ];
};
