// The body of a forward pass over one graph (an objective of the top level, or a module's
// forward): depth first from the roots, inputs in port order, each node once — the order of
// main/engine/build/evaluate.ts, so data, noise and dropout draw the app's RNG alike. Module
// instances call their module (all of its outputs, as the app's callModule does); handles are
// references to a shared module.
import type { IRGraph, IRModule, IRNode } from '../../../../core/graph/ir';
import type { PortRef } from '../../../../core/document/document.types';
import {
  MODULE_HANDLE,
  MODULE_INPUT,
  MODULE_INSTANCE,
  MODULE_OUTPUT,
} from '../../../../core/graph/module-types';
import { comment } from './python-names';
import { py, type TorchFormContext } from './torch-form';
import { torchForms } from './torch-forms';
import { instanceMode } from './torch-sets';

export interface GraphScope {
  graph: IRGraph;
  module?: IRModule;
  /** Node id -> its attribute (layers, copies) and variable base name. */
  attrs: Map<string, string>;
  /** Module id -> the expression of its shared nn.Module in this class. */
  sharedRef: (moduleId: string) => string;
}

export const formContext = (graph: IRGraph, node: IRNode, self: string): TorchFormContext => {
  const value = (port: string) => {
    const t = node.inputTypes[port];
    if (t) return t;
    const ref = node.inputs[port];
    return ref ? graph.nodes[ref.node]?.outputTypes[ref.port] : undefined;
  };
  return {
    node,
    self,
    value,
    input: (port) => {
      const t = value(port);
      return t?.kind === 'tensor' ? t : undefined;
    },
  };
};

/** The nn.Module an instance or handle calls, as an expression in this class. */
export const calleeOf = (scope: GraphScope, node: IRNode): string => {
  const moduleId = String(node.params['module'] ?? '');
  return instanceMode(node.type, node.params) === 'shared'
    ? scope.sharedRef(moduleId)
    : `self.${scope.attrs.get(node.id) ?? node.id}`;
};

export interface GraphBody {
  lines: string[];
  /** 'node.port' -> the Python expression holding it. */
  values: Map<string, string>;
}

export const emitGraphBody = (
  scope: GraphScope,
  roots: readonly string[],
  indent = '        ',
): GraphBody => {
  const { graph } = scope;
  const lines: string[] = [];
  const values = new Map<string, string>();
  const visited = new Set<string>();
  const say = (node: IRNode, what = node.type): void => {
    lines.push(`${indent}# ${comment(node.label)} (${comment(what)})`);
  };

  const visit = (id: string): void => {
    if (visited.has(id)) return;
    visited.add(id);
    const node = graph.nodes[id];
    if (!node || node.type === MODULE_OUTPUT) return;
    const name = scope.attrs.get(id) ?? id;
    if (node.type === MODULE_INPUT) {
      const port =
        Object.entries(scope.module?.inputNodes ?? {}).find(([, n]) => n === id)?.[0] ??
        String(node.params['name']);
      lines.push(`${indent}${name} = inputs[${py(port)}]`);
      values.set(`${id}.value`, name);
      return;
    }
    if (node.type === MODULE_HANDLE) {
      say(node, `handle of module ${String(node.params['module'])}`);
      lines.push(`${indent}${name} = ${calleeOf(scope, node)}`);
      values.set(`${id}.model`, name);
      return;
    }
    const inputs: Record<string, string> = {};
    for (const [port, ref] of Object.entries(node.inputs)) {
      visit(ref.node);
      const v = values.get(`${ref.node}.${ref.port}`);
      if (v) inputs[port] = v;
    }
    if (node.type === MODULE_INSTANCE) {
      const moduleId = String(node.params['module'] ?? '');
      say(node, `module ${moduleId}, ${instanceMode(node.type, node.params)} weights`);
      const args = Object.entries(inputs).map(([p, v]) => `${py(p)}: ${v}`);
      lines.push(`${indent}${name} = ${calleeOf(scope, node)}(sampler, {${args.join(', ')}})`);
      for (const port of Object.keys(node.outputTypes))
        values.set(`${id}.${port}`, `${name}[${py(port)}]`);
      return;
    }
    const form = torchForms[node.type];
    if (form?.kind !== 'op') return;
    const out = form.forward(inputs, formContext(graph, node, `self.${name}`));
    const ports = 'tuple' in out ? out.ports : Object.keys(out.outputs);
    const varOf = (p: string): string => (ports.length === 1 ? name : `${name}_${p}`);
    say(node);
    if ('tuple' in out) lines.push(`${indent}${ports.map(varOf).join(', ')} = ${out.tuple}`);
    else for (const p of ports) lines.push(`${indent}${varOf(p)} = ${out.outputs[p]}`);
    for (const p of ports) values.set(`${id}.${p}`, varOf(p));
  };
  for (const r of roots) visit(r);
  return { lines, values };
};

/** A module's forward: every output in port order (as callModule), returned by port name. */
export const emitModuleForward = (scope: GraphScope, mod: IRModule): string[] => {
  const outputs = Object.entries(mod.outputNodes).map(([port, outId]) => ({
    port,
    ref: Object.values(mod.nodes[outId]?.inputs ?? {})[0] as PortRef | undefined,
  }));
  const body = emitGraphBody(
    scope,
    outputs.flatMap((o) => (o.ref ? [o.ref.node] : [])),
  );
  // Roots are visited in output order; a shared producer is computed once.
  const results = outputs
    .filter((o) => o.ref)
    .map((o) => `${py(o.port)}: ${body.values.get(`${o.ref!.node}.${o.ref!.port}`) ?? 'None'}`);
  const ins = Object.keys(mod.inputNodes).join(', ') || 'none';
  const outs = Object.keys(mod.outputNodes).join(', ') || 'none';
  return [
    '    def forward(self, sampler, inputs: dict) -> dict:',
    `        """Inputs: ${comment(ins)}. Outputs: ${comment(outs)}."""`,
    ...body.lines,
    `        return {${results.join(', ')}}`,
  ];
};
