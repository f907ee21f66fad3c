// The toolbar: files, undo and redo, Make module, Arrange, the project's name and path, and
// which shell and backend the studio runs on.
import { RecentMenu } from '../files/recent-menu';
import { useEditor, useStoreSnapshot } from './editor-context';

export const Toolbar = ({
  onNew,
  onOpen,
  onOpenRecent,
  onSave,
  onMakeModule,
  onArrange,
  onHelp,
}: {
  onNew: () => void;
  onOpen: () => void;
  onOpenRecent: (path: string) => void;
  onSave: (as: boolean) => void;
  onMakeModule: () => void;
  onArrange: () => void;
  onHelp: () => void;
}) => {
  const ed = useEditor();
  const snap = useStoreSnapshot(ed.store);
  return (
    <header className="toolbar">
      <span className="brand">Tessera</span>
      <button onClick={onNew}>New</button>
      <button onClick={onOpen}>Open…</button>
      <RecentMenu onOpen={onOpenRecent} />
      <button onClick={() => onSave(false)}>Save</button>
      <button onClick={() => onSave(true)}>Save As…</button>
      <span className="sep" />
      <button
        onClick={() => ed.store.undo()}
        disabled={!snap.canUndo}
        title={snap.undoLabel ? `Undo ${snap.undoLabel}` : 'Nothing to undo'}
      >
        ↶ Undo
      </button>
      <button
        onClick={() => ed.store.redo()}
        disabled={!snap.canRedo}
        title={snap.redoLabel ? `Redo ${snap.redoLabel}` : 'Nothing to redo'}
      >
        ↷ Redo
      </button>
      <button
        onClick={onMakeModule}
        disabled={snap.selection.length === 0}
        title="Put the selected nodes in a module (Ctrl+G)"
      >
        Make module
      </button>
      <button
        onClick={onArrange}
        disabled={
          Object.keys(
            snap.scope === '' ? snap.doc.nodes : (snap.doc.modules[snap.scope]?.nodes ?? {}),
          ).length === 0
        }
        title="Lay the graph out left to right by data flow, then fit the view (Shift+A)"
        data-testid="arrange"
      >
        Arrange
      </button>
      <span className="doc-name" data-testid="doc-name">
        {snap.dirty && (
          <span className="dirty" title="Unsaved changes" data-testid="dirty">
            ●
          </span>
        )}{' '}
        {snap.doc.name}
        <span className="muted mono"> {snap.path ?? '(not saved)'}</span>
      </span>
      <span className="spacer" />
      <span className="muted">
        {ed.engine
          ? `${ed.engine.shell} shell · backend ${ed.engine.backend?.name ?? 'picked when training starts'}`
          : 'connecting…'}
      </span>
      <button onClick={onHelp} title="Keyboard shortcuts (?)">
        ?
      </button>
    </header>
  );
};
