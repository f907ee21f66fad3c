// Emits the statements that apply a list of nodes in topological order: each node's outputs
// become one local constant named after the node, and inputs read the producer's outputs.
import type { IRNode } from '../graph/ir';
import type { CodeWriter } from './code-writer';
import { commentText, jsonLiteral } from './safe-text';
import { propertyAccess, propertyKey } from './identifiers';
import {
  firstOutputPort,
  isOptimizer,
  MODULE_HANDLE,
  MODULE_INPUT,
  MODULE_INSTANCE,
  MODULE_OUTPUT,
  modelPorts,
  stringParam,
} from './graph-walk';
import type { ExportPlan, GraphPlan } from './plan';

export interface ForwardScope {
  plan: ExportPlan;
  graph: GraphPlan;
  /** The object holding the layers: 'this' in a class, 'm' in a loss function. */
  owner: string;
}

/** The expression for the module a 'module/instance' or 'module/handle' node calls. */
export const moduleExpression = (scope: ForwardScope, node: IRNode): string => {
  const moduleId = stringParam(node, 'module') ?? '';
  const weights = stringParam(node, 'weights') ?? 'copy';
  if (node.type === MODULE_INSTANCE && weights !== 'shared')
    return `${scope.owner}.${scope.graph.names.get(node.id)}`;
  return `${scope.owner}.shared.${scope.plan.sharedNames.get(moduleId) ?? 'missing'}`;
};

/** One comment line naming the node, its type, and the paper equation it implements. */
export const nodeComment = (node: IRNode): string[] => {
  const lines = [`// ${commentText(node.label || node.id)} (${commentText(node.type)})`];
  const paper = node.def?.paper;
  if (paper?.equation)
    lines.push(`//   implements ${commentText(paper.equation)} of ${commentText(paper.citation)}`);
  return lines;
};

export const emitForward = (w: CodeWriter, scope: ForwardScope, nodes: readonly IRNode[]): void => {
  const name = (id: string): string => scope.graph.names.get(id) ?? 'missing';
  const isHandle = (id: string): boolean => scope.graph.graph.nodes[id]?.type === MODULE_HANDLE;

  /** `{ port: out(producer, "port"), ... }` for the tensor inputs, and the handles object. */
  const argumentsOf = (node: IRNode): { tensors: string; handles: string } => {
    const models = modelPorts(node);
    const tensors: string[] = [];
    const handles: string[] = [];
    for (const port of Object.keys(node.inputs).sort()) {
      const ref = node.inputs[port]!;
      if (models.has(port) || isHandle(ref.node))
        handles.push(`${propertyKey(port)}: ${name(ref.node)}`);
      else tensors.push(`${propertyKey(port)}: out(${name(ref.node)}, ${jsonLiteral(ref.port)})`);
    }
    return {
      tensors: tensors.length === 0 ? '{}' : `{ ${tensors.join(', ')} }`,
      handles: handles.length === 0 ? '' : `{ ${handles.join(', ')} }`,
    };
  };

  for (const node of nodes) {
    if (isOptimizer(node) || node.type === MODULE_OUTPUT) continue;
    const local = name(node.id);
    if (node.type === MODULE_INPUT) {
      const port = stringParam(node, 'name') ?? node.id;
      w.line(
        `const ${local} = { ${propertyKey(firstOutputPort(node))}: out(inputs, ${jsonLiteral(port)}) };`,
      );
      continue;
    }
    for (const c of nodeComment(node)) w.line(c);
    if (node.type === MODULE_HANDLE) {
      w.line(
        `const ${local} = handleOf(${jsonLiteral(stringParam(node, 'module') ?? '')}, ${moduleExpression(scope, node)});`,
      );
      continue;
    }
    const { tensors, handles } = argumentsOf(node);
    const ctx = handles === '' ? 'ctx' : `{ ...ctx, handles: ${handles} }`;
    if (node.type === MODULE_INSTANCE) {
      w.line(`const ${local} = ${moduleExpression(scope, node)}.forward(${tensors}, ${ctx});`);
      continue;
    }
    w.line(`const ${local} = ${propertyAccess(scope.owner, local)}.apply(${tensors}, ${ctx});`);
  }
};
