// The graph canvas: React Flow with minimap, zoom/pan, snap to grid; edits go through the store.
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type DragEvent,
  type MouseEvent,
} from 'react';
import {
  Background,
  BackgroundVariant,
  ReactFlow,
  applyNodeChanges,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type OnSelectionChangeParams,
} from '@xyflow/react';
import { useEditor, useStoreSnapshot } from '../app/editor-context';
import { checkConnection } from '../model/connection';
import { addNode, connect, moveNodes } from '../store/commands';
import { addDefaultStage, wantsDefaultStage } from '../store/default-stage';
import { buildFlowEdges, FlowNodeCache, graphNodes } from './flow-mapping';
import { MODULE_INSTANCE } from '../../core/graph/module-types';
import type { BlockSummary } from '../../core/ipc/contract';
import { dropBlock } from '../palette/drop-block';
import { TesseraNode, type TesseraFlowNode } from './tessera-node';
import { ShapeEdge } from './shape-edge';
import { MapControls } from './map-controls';
import { useFitGraph } from './fit-graph';
import { CostStatus } from './cost-status';
import { CanvasLegends } from './canvas-legends';

const nodeTypes = { tessera: TesseraNode };
const edgeTypes = { shape: ShapeEdge };
export const nodeDragMime = 'application/x-tessera-node';
export const templateDragMime = 'application/x-tessera-template';
/** A palette block: the data is the JSON of its BlockSummary (id, title, content). */
export const blockDragMime = 'application/x-tessera-block';

export interface CanvasProps {
  onQuickAdd(at: { x: number; y: number; screenX: number; screenY: number }): void;
  onDropTemplate(templateId: string, at: { x: number; y: number }): void;
  selectedEdges: ReadonlySet<string>;
  onSelectEdges(ids: ReadonlySet<string>): void;
}

export const Canvas = ({
  onQuickAdd,
  onDropTemplate,
  selectedEdges,
  onSelectEdges,
}: CanvasProps) => {
  const ed = useEditor();
  const snap = useStoreSnapshot(ed.store);
  const rf = useReactFlow();
  const cache = useRef(new FlowNodeCache());
  const selection = useMemo(() => new Set(snap.selection), [snap.selection]);
  const [nodes, setNodes] = useState<TesseraFlowNode[]>([]);
  const dragging = useRef(false);

  useEffect(() => {
    if (!dragging.current)
      setNodes(cache.current.build(snap.doc, ed.view, ed.registry, selection, snap.scope));
  }, [snap.doc, ed.view, ed.registry, selection, snap.scope]);

  const edges = useMemo(
    () => buildFlowEdges(snap.doc, ed.view, selectedEdges, snap.scope),
    [snap.doc, ed.view, selectedEdges, snap.scope],
  );
  const fit = useFitGraph();
  const scopeRef = useRef(snap.scope);
  scopeRef.current = snap.scope;
  // Fit the view to a graph when it is opened or entered, never when a person drops the first
  // node onto an empty one (a fit queued on an empty graph would zoom onto that node).
  useEffect(() => {
    if (Object.keys(graphNodes(ed.store.doc, snap.scope)).length === 0) return;
    // Readable labels first (fit-graph.ts): a graph too big for that stays pannable.
    const t = setTimeout(() => fit(), 30);
    return () => clearTimeout(t);
  }, [snap.scope, snap.loads, fit, ed.store]);

  const onNodesChange = useCallback((changes: NodeChange<TesseraFlowNode>[]) => {
    // Deletion is the store's job (keyboard handler); positions and selection stay local until committed.
    setNodes((nds) =>
      applyNodeChanges(
        changes.filter((c) => c.type !== 'remove'),
        nds,
      ),
    );
  }, []);

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const next = new Set(selectedEdges);
      let changed = false;
      for (const c of changes)
        if (c.type === 'select') {
          changed = true;
          if (c.selected) next.add(c.id);
          else next.delete(c.id);
        }
      if (changed) onSelectEdges(next);
    },
    [selectedEdges, onSelectEdges],
  );

  const onSelectionChange = useCallback(
    ({ nodes: sel }: OnSelectionChangeParams) => ed.store.select(sel.map((n) => n.id)),
    [ed.store],
  );

  const onNodeDragStart = useCallback(() => {
    dragging.current = true;
  }, []);

  const onNodeDragStop = useCallback(
    (_e: unknown, _node: TesseraFlowNode, dragged: TesseraFlowNode[]) => {
      dragging.current = false;
      const positions: Record<string, { x: number; y: number }> = {};
      for (const n of dragged) positions[n.id] = n.position;
      // One undo step for the whole drag.
      if (
        !ed.store.dispatch(
          dragged.length > 1 ? `Move ${dragged.length} nodes` : 'Move node',
          moveNodes(positions, scopeRef.current),
        )
      )
        setNodes(
          cache.current.build(ed.store.doc, ed.view, ed.registry, selection, scopeRef.current),
        );
    },
    [ed, selection],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      if (!c.sourceHandle || !c.targetHandle) return;
      const source = { node: c.source, port: c.sourceHandle };
      const target = { node: c.target, port: c.targetHandle };
      const verdict = checkConnection(ed.store.doc, ed.registry, ed.env, source, target);
      if (!verdict.ok) {
        ed.toast(`Connection refused: ${verdict.reason}`, 'error');
        return;
      }
      const scope = scopeRef.current;
      if (wantsDefaultStage(ed.store.doc, ed.registry, target, scope))
        ed.store.dispatch('Connect the loss (default training stage)', (d) => {
          connect(source, target, scope)(d);
          addDefaultStage(ed.registry, target.node, source)(d);
        });
      else ed.store.dispatch('Connect', connect(source, target, scope));
    },
    [ed],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (
      e.dataTransfer.types.includes(nodeDragMime) ||
      e.dataTransfer.types.includes(templateDragMime) ||
      e.dataTransfer.types.includes(blockDragMime)
    ) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const at = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const typeId = e.dataTransfer.getData(nodeDragMime);
      const templateId = e.dataTransfer.getData(templateDragMime);
      const block = e.dataTransfer.getData(blockDragMime);
      if (block) {
        e.preventDefault();
        const r = dropBlock(ed.store, JSON.parse(block) as BlockSummary, at);
        if (typeof r === 'string') ed.toast(r, 'error');
      } else if (typeId) {
        e.preventDefault();
        const def = ed.registry.get(typeId);
        if (!def) return;
        let id = '';
        ed.store.dispatch(
          `Add ${def.title}`,
          addNode(def, at, (x) => (id = x), scopeRef.current),
        );
        ed.store.select([id]);
      } else if (templateId) {
        e.preventDefault();
        onDropTemplate(templateId, at);
      }
    },
    [rf, ed, onDropTemplate],
  );

  const onNodeDoubleClick = useCallback(
    (_e: unknown, node: TesseraFlowNode) => {
      const n = graphNodes(ed.store.doc, scopeRef.current)[node.id];
      if (n?.type === MODULE_INSTANCE && typeof n.params.module === 'string')
        ed.store.enter(n.params.module);
    },
    [ed],
  );

  const onDoubleClick = useCallback(
    (e: MouseEvent) => {
      const target = e.target as HTMLElement;
      if (!target.classList.contains('react-flow__pane')) return;
      const at = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      onQuickAdd({ ...at, screenX: e.clientX, screenY: e.clientY });
    },
    [rf, onQuickAdd],
  );

  return (
    <div className="canvas" onDoubleClick={onDoubleClick} data-testid="canvas">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onSelectionChange={onSelectionChange}
        onNodeDragStart={onNodeDragStart}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        onNodeDoubleClick={onNodeDoubleClick}
        onDragOver={onDragOver}
        onDrop={onDrop}
        deleteKeyCode={null}
        zoomOnDoubleClick={false}
        snapToGrid
        snapGrid={[16, 16]}
        minZoom={0.1}
        maxZoom={2.5}
        proOptions={{ hideAttribution: true }}
      >
        <Background variant={BackgroundVariant.Dots} gap={16} size={1} />
        <MapControls />
      </ReactFlow>
      {snap.scope !== '' && (
        <div className="breadcrumb" data-testid="breadcrumb">
          <button className="link" onClick={() => ed.store.exit()}>
            Project
          </button>{' '}
          › <b>{snap.doc.modules[snap.scope]?.name ?? snap.scope}</b>
          <span className="muted"> (module: edits here change every instance)</span>{' '}
          <button onClick={() => ed.store.exit()}>Exit module</button>
        </div>
      )}
      <CostStatus
        totals={ed.view.totals}
        scope={snap.scope === '' ? undefined : (snap.doc.modules[snap.scope]?.name ?? snap.scope)}
        {...(snap.scope === '' && ed.view.program?.memory
          ? { memory: ed.view.program.memory }
          : {})}
        {...(ed.engine?.memoryLimit ? { memoryLimit: ed.engine.memoryLimit } : {})}
      />
      <CanvasLegends />
    </div>
  );
};
