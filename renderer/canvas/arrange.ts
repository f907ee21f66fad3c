// Arrange: lays out the graph on the canvas (the top level or the module being edited) with the
// nodes' measured sizes and sockets (React Flow's), as one undoable step.
import type { ReactFlowInstance } from '@xyflow/react';
import type { NodeRegistry } from '../../core/node-contract/node-definition';
import { layoutDocumentGraph, type MeasuredNodes } from '../model/auto-layout';
import { moveNodes } from '../store/commands';
import type { DocumentStore } from '../store/document-store';
import { graphNodes } from './flow-mapping';

/** Sizes and socket heights of the nodes the canvas has measured. */
export const measuredNodes = (
  rf: Pick<ReactFlowInstance, 'getNodes' | 'getInternalNode'>,
): MeasuredNodes => {
  const m = new Map<
    string,
    {
      width: number;
      height: number;
      inputY: Record<string, number>;
      outputY: Record<string, number>;
    }
  >();
  for (const n of rf.getNodes()) {
    const internal = rf.getInternalNode(n.id);
    const width = internal?.measured.width;
    const height = internal?.measured.height;
    if (!width || !height) continue;
    const ys = (hs: { id?: string | null; y: number; height: number }[] | null | undefined) =>
      Object.fromEntries((hs ?? []).map((h) => [h.id ?? '', h.y + h.height / 2]));
    const hb = internal.internals.handleBounds;
    m.set(n.id, { width, height, inputY: ys(hb?.target), outputY: ys(hb?.source) });
  }
  return m;
};

/** Lays out the graph in view; true when a node moved (one undo step, "Arrange"). */
export const arrangeGraph = (
  store: DocumentStore,
  rf: Pick<ReactFlowInstance, 'getNodes' | 'getInternalNode'>,
  registry: NodeRegistry,
  edgeLabels: ReadonlyMap<string, string>,
): boolean => {
  const scope = store.currentScope;
  const doc = store.doc;
  const graph = scope === '' ? doc : doc.modules[scope];
  if (!graph || Object.keys(graphNodes(doc, scope)).length === 0) return false;
  const positions = layoutDocumentGraph(graph, doc, registry, measuredNodes(rf), edgeLabels);
  return store.dispatch('Arrange', moveNodes(positions, scope));
};
