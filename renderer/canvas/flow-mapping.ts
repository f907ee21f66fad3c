// Document + compile result -> React Flow nodes and edges. Unchanged nodes keep their object
// identity so that memoised node components do not re-render.
import type { Edge } from '@xyflow/react';
import type { DocNode, TesseraDocument } from '../../core/document/document.types';
import type { NodeRegistry } from '../../core/node-contract/node-definition';
import type { CompileView } from '../model/compile-view';
import { MODULE_INPUT, MODULE_INSTANCE, MODULE_OUTPUT } from '../../core/graph/module-types';
import { instanceCounts } from '../store/make-module';
import { nodeCostLine, nodeCostTitle } from '../model/cost-format';
import type { TesseraFlowNode, TesseraNodeData } from './tessera-node';

interface CacheEntry {
  doc: DocNode;
  selected: boolean;
  dataKey: string;
  node: TesseraFlowNode;
}

export class FlowNodeCache {
  private cache = new Map<string, CacheEntry>();

  build(
    doc: TesseraDocument,
    view: CompileView,
    registry: NodeRegistry,
    selection: ReadonlySet<string>,
    scope = '',
  ): TesseraFlowNode[] {
    const next = new Map<string, CacheEntry>();
    const out: TesseraFlowNode[] = [];
    const counts = instanceCounts(doc);
    for (const n of Object.values(graphNodes(doc, scope))) {
      const def = registry.get(n.type);
      const diags = view.byNode.get(n.id) ?? [];
      const ports = view.ports.get(n.id) ?? {
        inputs: def?.inputs ?? [],
        outputs: def?.outputs ?? [],
      };
      const messages = diags.map((d) => `${d.severity}: ${d.message}`);
      const moduleId =
        n.type === MODULE_INSTANCE && typeof n.params.module === 'string'
          ? n.params.module
          : undefined;
      const c = moduleId ? counts.get(moduleId) : undefined;
      const weights = moduleId ? String(n.params.weights ?? 'copy') : undefined;
      const moduleInfo = moduleId
        ? `${doc.modules[moduleId]?.name ?? moduleId} · ${weights === 'shared' ? `shared weights${c && c.shared > 1 ? ` ×${c.shared}` : ''}` : weights === 'copy' ? 'own weights' : 'EMA weights'}`
        : undefined;
      // Module inputs and outputs only pass values through: no line of zeros on them.
      const io = n.type === MODULE_INPUT || n.type === MODULE_OUTPUT;
      const cost = io ? undefined : view.costs.get(n.id);
      const costLine = cost ? nodeCostLine(cost) : undefined;
      const costTitle = cost ? nodeCostTitle(cost, view.totals?.batchSize) : undefined;
      const dataKey = `${moduleInfo ?? ''}#${costTitle ?? ''}#${messages.join('|')}#${ports.inputs.map((p) => p.name).join(',')}#${ports.outputs.map((p) => p.name).join(',')}`;
      const selected = selection.has(n.id);
      const prev = this.cache.get(n.id);
      if (prev && prev.doc === n && prev.selected === selected && prev.dataKey === dataKey) {
        next.set(n.id, prev);
        out.push(prev.node);
        continue;
      }
      const data: TesseraNodeData = {
        title: n.label ?? def?.title ?? n.type,
        typeId: n.type,
        category: def?.category ?? 'unknown',
        inputs: ports.inputs,
        outputs: ports.outputs,
        errors: diags.filter((d) => d.severity === 'error').length,
        warnings: diags.filter((d) => d.severity === 'warning').length,
        messages,
        unknownType: def === undefined,
        moduleInfo,
        ...(costLine !== undefined ? { costLine, costTitle } : {}),
      };
      const node: TesseraFlowNode = {
        id: n.id,
        type: 'tessera',
        position: { ...n.position },
        data,
        selected,
      };
      next.set(n.id, { doc: n, selected, dataKey, node });
      out.push(node);
    }
    this.cache = next;
    return out;
  }
}

export const graphNodes = (doc: TesseraDocument, scope: string): TesseraDocument['nodes'] =>
  scope === '' ? doc.nodes : (doc.modules[scope]?.nodes ?? {});

export const buildFlowEdges = (
  doc: TesseraDocument,
  view: CompileView,
  selectedEdges: ReadonlySet<string>,
  scope = '',
): Edge[] =>
  Object.values(scope === '' ? doc.edges : (doc.modules[scope]?.edges ?? {})).map((e) => {
    const label = view.edgeLabels.get(e.id);
    const gradient = view.edgeGradients.get(e.id) ?? 'flows';
    return {
      id: e.id,
      type: 'shape',
      source: e.source.node,
      sourceHandle: e.source.port,
      target: e.target.node,
      targetHandle: e.target.port,
      label,
      selected: selectedEdges.has(e.id),
      className: `${label ? 'typed' : 'untyped'} grad-${gradient}`,
      data: { gradient },
      labelBgPadding: [4, 2] as [number, number],
      labelBgBorderRadius: 3,
      domAttributes: {
        'data-source-port': `${e.source.node}.${e.source.port}`,
        'data-target-port': `${e.target.node}.${e.target.port}`,
        'data-gradient': gradient,
      } as Edge['domAttributes'],
    };
  });
