// The studio: toolbar, palette/templates, canvas, inspector, and Problems / Training / Code.
import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { Bridge, EngineInfo, MenuCommand } from '../../core/ipc/contract';
import type { ShapeEnv } from '../../core/node-contract/node-definition';
import { nodeRegistry } from '../../nodes/registry';
import { Canvas } from '../canvas/canvas';
import { arrangeGraph } from '../canvas/arrange';
import { useFitGraph } from '../canvas/fit-graph';
import { FileDialog } from '../files/file-dialog';
import { dropTemplate, newProject, openProject, saveProject } from '../files/file-actions';
import { Inspector } from '../inspector/inspector';
import { compileView } from '../model/compile-view';
import { Palette } from '../palette/palette';
import { QuickAdd } from '../palette/quick-add';
import {
  copyFragment,
  pasteFragment,
  removeEdges,
  removeNodes,
  type Fragment,
} from '../store/commands';
import type { DocumentStore } from '../store/document-store';
import { TemplatesGallery } from '../templates-gallery/templates-gallery';
import { makeModule, makeModuleRefusal, type MakeModuleResult } from '../store/make-module';
import { EditorContext, useStoreSnapshot, type Editor } from './editor-context';
import { BottomPanel, type BottomTab } from './bottom-panel';
import { HelpOverlay } from './help-overlay';
import { Toolbar } from './toolbar';
import { SidePanel } from './side-panel';
import { usePanelLayout } from './use-panel-layout';
import { actionFor, isTypingTarget } from './shortcuts';
import { useWorkspace } from './use-workspace';
import { CustomCodeBanner } from '../custom-code/custom-code-banner';
import { withTrustDiagnostics } from '../custom-code/trust-text';
import { useCustomCodeTrust } from '../custom-code/use-custom-code-trust';
import { RecoveryBanner } from '../recovery/recovery-banner';
import { useRecovery } from '../recovery/use-recovery';

const emptyEnv: ShapeEnv = { datasets: {} };

export const App = ({ store, bridge }: { store: DocumentStore; bridge: Bridge }) => {
  const snap = useStoreSnapshot(store);
  const rf = useReactFlow();
  const [engine, setEngine] = useState<EngineInfo | undefined>();
  const [toasts, setToasts] = useState<{ id: number; message: string; kind: 'info' | 'error' }[]>(
    [],
  );
  const [dialog, setDialog] = useState<'open' | 'save' | 'help' | undefined>();
  const [quickAdd, setQuickAdd] = useState<
    { x: number; y: number; screenX: number; screenY: number } | undefined
  >();
  const [bottom, setBottom] = useState<BottomTab>('problems');
  const panels = usePanelLayout();
  const [left, setLeft] = useState<'nodes' | 'templates'>('templates');
  const [selectedEdges, setSelectedEdges] = useState<ReadonlySet<string>>(new Set());
  const clipboard = useRef<{ frag: Fragment; pastes: number } | undefined>(undefined);
  const mouse = useRef({ x: 400, y: 300 });
  const env = engine?.env ?? emptyEnv;

  useEffect(() => {
    void bridge
      .invoke('engine:info')
      .then(setEngine, (e: Error) => toast(`Engine unavailable: ${e.message}`, 'error'));
  }, [bridge, store]);
  // #template=…, or the last project and view (reload, restart), or #start=… on a first start.
  useWorkspace(store, bridge);
  // Unsaved changes journaled on the main side; what an earlier run left is offered back.
  const recovery = useRecovery(store, bridge);

  const menuRef = useRef<(c: MenuCommand) => void>(() => undefined);
  useEffect(() => bridge.on('menu:command', (c) => menuRef.current(c)), [bridge]);

  useEffect(
    () =>
      bridge.on('train:event', (e) => {
        const backend = e.type === 'status' ? e.backend : undefined;
        if (backend) setEngine((prev) => (prev ? { ...prev, backend } : prev));
      }),
    [bridge],
  );

  const toast = useCallback((message: string, kind: 'info' | 'error' = 'info') => {
    const id = Date.now() + Math.random();
    setToasts((t) => [...t.slice(-3), { id, message, kind }]);
    setTimeout(
      () => setToasts((t) => t.filter((x) => x.id !== id)),
      kind === 'error' ? 6000 : 3000,
    );
  }, []);

  // Custom code the main side does not trust: read-only, a diagnostic on its node, Train blocked.
  const trustError = useCallback((m: string) => toast(m, 'error'), [toast]);
  const trust = useCustomCodeTrust(bridge, snap.doc, snap.path, trustError);
  const view = useMemo(
    () =>
      withTrustDiagnostics(
        compileView(snap.doc, nodeRegistry, env, snap.scope),
        trust.untrusted,
        snap.scope,
      ),
    [snap.doc, env, snap.scope, trust.untrusted],
  );

  const focusNode = useCallback(
    (nodeId: string, path?: string) => {
      const inModule = /^\/modules\/([^/]+)\/nodes\//.exec(path ?? '')?.[1];
      if (inModule) store.enter(inModule);
      else if (path?.startsWith('/nodes/')) store.exit();
      const scope = store.currentScope;
      const n = (scope === '' ? store.doc.nodes : store.doc.modules[scope]?.nodes)?.[nodeId];
      if (!n) return;
      store.select([nodeId]);
      void rf.setCenter(n.position.x + 90, n.position.y + 40, {
        zoom: Math.max(rf.getZoom(), 1),
        duration: 300,
      });
    },
    [store, rf],
  );

  const editor: Editor = useMemo(
    () => ({ store, bridge, registry: nodeRegistry, env, engine, view, toast, focusNode, trust }),
    [store, bridge, env, engine, view, toast, focusNode, trust],
  );

  const makeModuleFromSelection = useCallback(() => {
    const { selection, scope } = store.getSnapshot();
    const refusal = makeModuleRefusal(store.doc, selection, scope);
    if (refusal) return toast(refusal, 'error');
    const name = window.prompt('Name of the new module', 'module');
    if (!name?.trim()) return;
    let made: MakeModuleResult | undefined;
    store.dispatch(
      `Make module ${name.trim()}`,
      makeModule(selection, name.trim(), scope, (r) => (made = r)),
    );
    if (made) store.select([made.instanceId]);
  }, [store, toast]);

  const fitGraph = useFitGraph();
  const arrange = useCallback(() => {
    arrangeGraph(store, rf, nodeRegistry, view.edgeLabels);
    // The canvas shows the new positions on its next render: fit after it.
    setTimeout(() => fitGraph(), 60);
  }, [store, rf, view, fitGraph]);

  const { noteDiscardConfirmed } = recovery;
  const confirmDiscard = useCallback(() => {
    if (!store.getSnapshot().dirty) return true;
    if (!window.confirm('Discard unsaved changes?')) return false;
    noteDiscardConfirmed(); // its recovery journal entry goes too
    return true;
  }, [store, noteDiscardConfirmed]);

  const save = useCallback(
    async (as: boolean) => {
      const path = store.getSnapshot().path;
      if (as || !path) return setDialog('save');
      try {
        await saveProject(bridge, store, path);
        toast(`Saved ${path}`);
      } catch (e) {
        toast((e as Error).message, 'error');
      }
    },
    [bridge, store, toast],
  );

  useEffect(() => {
    const onMove = (e: MouseEvent) => (mouse.current = { x: e.clientX, y: e.clientY });
    const onKey = (e: KeyboardEvent) => {
      const action = actionFor(e);
      if (!action) return;
      const typing = isTypingTarget(e.target);
      if (action === 'escape') {
        if (!dialog && !quickAdd && !typing) store.exit();
        setDialog(undefined);
        setQuickAdd(undefined);
        return;
      }
      if (typing && !['save', 'saveAs', 'open', 'new'].includes(action)) return;
      if (dialog && action !== 'save') return;
      const { selection: sel, scope } = store.getSnapshot();
      switch (action) {
        case 'undo':
          store.undo();
          break;
        case 'redo':
          store.redo();
          break;
        case 'copy':
          if (sel.length)
            clipboard.current = { frag: copyFragment(store.doc, sel, scope), pastes: 0 };
          break;
        case 'paste':
        case 'duplicate': {
          const frag =
            action === 'duplicate' ? copyFragment(store.doc, sel, scope) : clipboard.current?.frag;
          if (!frag || frag.nodes.length === 0) return;
          const k = action === 'duplicate' ? 1 : ++clipboard.current!.pastes;
          let ids: string[] = [];
          store.dispatch(
            action === 'duplicate' ? 'Duplicate' : 'Paste',
            pasteFragment(frag, { x: 32 * k, y: 32 * k }, (x) => (ids = x), scope),
          );
          store.select(ids);
          break;
        }
        case 'delete':
          if (sel.length === 0 && selectedEdges.size === 0) return;
          store.dispatch(
            sel.length
              ? `Delete ${sel.length} node${sel.length > 1 ? 's' : ''}`
              : 'Delete connection',
            (d) => {
              removeEdges([...selectedEdges], scope)(d);
              removeNodes(sel, scope)(d);
            },
          );
          setSelectedEdges(new Set());
          break;
        case 'selectAll':
          store.select(
            Object.keys((scope === '' ? store.doc.nodes : store.doc.modules[scope]?.nodes) ?? {}),
          );
          break;
        case 'makeModule':
          makeModuleFromSelection();
          break;
        case 'arrange':
          arrange();
          break;
        case 'save':
          void save(false);
          break;
        case 'saveAs':
          void save(true);
          break;
        case 'open':
          setDialog('open');
          break;
        case 'new':
          if (confirmDiscard()) newProject(store);
          break;
        case 'quickAdd': {
          const at = rf.screenToFlowPosition(mouse.current);
          setQuickAdd({ ...at, screenX: mouse.current.x, screenY: mouse.current.y });
          break;
        }
        case 'help':
          setDialog('help');
          break;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousemove', onMove);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mousemove', onMove);
    };
  }, [
    store,
    rf,
    dialog,
    quickAdd,
    selectedEdges,
    save,
    confirmDiscard,
    makeModuleFromSelection,
    arrange,
  ]);

  menuRef.current = (c: MenuCommand) => {
    if (c === 'new') {
      if (confirmDiscard()) newProject(store);
    } else if (c === 'open') setDialog('open');
    else if (c === 'save') void save(false);
    else if (c === 'saveAs') void save(true);
    else if (c === 'makeModule') makeModuleFromSelection();
    else setDialog('help');
  };

  useEffect(() => {
    document.title = `${snap.dirty ? '● ' : ''}${snap.doc.name} — Tessera`;
  }, [snap.dirty, snap.doc.name]);

  const errors = view.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = view.diagnostics.filter((d) => d.severity === 'warning').length;

  return (
    <EditorContext.Provider value={editor}>
      <div
        className={`app${panels.layout.maximized ? ' bottom-maximized' : ''}`}
        style={
          {
            '--left-size': `${panels.sizes.left}px`,
            '--right-size': `${panels.sizes.right}px`,
            '--bottom-size': `${panels.sizes.bottom}px`,
          } as CSSProperties
        }
      >
        <Toolbar
          onNew={() => confirmDiscard() && newProject(store)}
          onOpen={() => setDialog('open')}
          onOpenRecent={(path) => {
            if (!confirmDiscard()) return;
            void openProject(bridge, store, path).catch((e: Error) => toast(e.message, 'error'));
          }}
          onSave={(as) => void save(as)}
          onMakeModule={makeModuleFromSelection}
          onArrange={arrange}
          onHelp={() => setDialog('help')}
        />
        <SidePanel side="left" panels={panels}>
          <div className="tabs">
            <button
              className={left === 'templates' ? 'on' : ''}
              onClick={() => setLeft('templates')}
            >
              Templates
            </button>
            <button className={left === 'nodes' ? 'on' : ''} onClick={() => setLeft('nodes')}>
              Nodes
            </button>
          </div>
          {left === 'templates' ? (
            <TemplatesGallery confirmDiscard={confirmDiscard} />
          ) : (
            <Palette />
          )}
        </SidePanel>
        <main className="center">
          <RecoveryBanner
            offers={recovery.offers}
            more={recovery.more}
            onRestore={recovery.restore}
            onDiscard={recovery.discard}
          />
          <CustomCodeBanner />
          <Canvas
            onQuickAdd={setQuickAdd}
            onDropTemplate={(id, at) => void dropTemplate(bridge, store, id, at)}
            selectedEdges={selectedEdges}
            onSelectEdges={setSelectedEdges}
          />
        </main>
        <SidePanel side="right" panels={panels}>
          <Inspector />
        </SidePanel>
        <BottomPanel
          tab={bottom}
          onTab={setBottom}
          errors={errors}
          warnings={warnings}
          panels={panels}
        />
        {quickAdd && <QuickAdd at={quickAdd} onClose={() => setQuickAdd(undefined)} />}
        {(dialog === 'open' || dialog === 'save') && (
          <FileDialog mode={dialog} onClose={() => setDialog(undefined)} />
        )}
        {dialog === 'help' && <HelpOverlay onClose={() => setDialog(undefined)} />}
        <div className="toasts">
          {toasts.map((t) => (
            <div key={t.id} className={`toast ${t.kind}`} role="status">
              {t.message}
            </div>
          ))}
        </div>
      </div>
    </EditorContext.Provider>
  );
};
