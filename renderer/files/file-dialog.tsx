// Open and Save As. In the web shell the dialog is in the page (a path field, the projects
// folder's files, the recent files) and the main side grants the path it chose; in Electron the
// main process shows its native dialog instead. Either way files:choose decides (choose-file.ts).
import { useEffect, useRef, useState } from 'react';
import { useEditor, useStoreSnapshot } from '../app/editor-context';
import type { ProjectListing } from '../../core/ipc/contract';
import { chooseFile, hasNativeDialogs } from './choose-file';
import { defaultFileName, openProject, saveProject } from './file-actions';

export const FileDialog = ({ mode, onClose }: { mode: 'open' | 'save'; onClose(): void }) => {
  const ed = useEditor();
  const snap = useStoreSnapshot(ed.store);
  const native = hasNativeDialogs(ed.engine?.shell);
  const [listing, setListing] = useState<ProjectListing | undefined>();
  const [recent, setRecent] = useState<string[]>([]);
  const [path, setPath] = useState(snap.path ?? '');
  const [busy, setBusy] = useState(false);
  const asked = useRef(false);
  useEffect(() => {
    if (native) return;
    void ed.bridge.invoke('project:list').then((l) => {
      setListing(l);
      if (mode === 'save' && !snap.path) setPath(`${l.dir}/${defaultFileName(snap.doc.name)}`);
    });
    void ed.bridge.invoke('project:recent').then(setRecent);
  }, [ed.bridge, mode, snap.path, snap.doc.name, native]);
  const go = async (p: string | undefined) => {
    if (!native && !p?.trim()) return;
    setBusy(true);
    try {
      const chosen = await chooseFile(ed.bridge, mode, p?.trim());
      if (chosen !== undefined) {
        if (mode === 'open') await openProject(ed.bridge, ed.store, chosen);
        else await saveProject(ed.bridge, ed.store, chosen);
      }
      onClose();
    } catch (e) {
      ed.toast((e as Error).message, 'error');
      if (native) onClose();
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    // Electron: the main process's dialog, once (React may run effects twice in development).
    if (!native || asked.current) return;
    asked.current = true;
    void go(mode === 'save' ? (snap.path ?? defaultFileName(snap.doc.name)) : undefined);
  }, [native]);
  if (native)
    return (
      <div className="modal-backdrop">
        <div className="modal" role="dialog" aria-label="Waiting for the file dialog">
          <p className="muted">Waiting for the file dialog…</p>
        </div>
      </div>
    );
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="modal"
        role="dialog"
        aria-label={mode === 'open' ? 'Open project' : 'Save project as'}
      >
        <h3>{mode === 'open' ? 'Open project' : 'Save project as'}</h3>
        <p className="muted">
          A file in the projects folder, or any path you confirm here: Tessera may{' '}
          {mode === 'open' ? 'open' : 'save'} the file you choose in this dialog.
        </p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void go(path);
          }}
        >
          <input
            className="path"
            autoFocus
            value={path}
            onChange={(e) => setPath(e.target.value)}
            aria-label="File path"
            placeholder="/path/to/project.tessera.json"
          />
          <button className="primary" type="submit" disabled={busy}>
            {mode === 'open' ? 'Open' : 'Save'}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </form>
        {recent.length > 0 && (
          <>
            <h4>Recent</h4>
            <ul className="file-list">
              {recent.map((r) => (
                <li
                  key={r}
                  onClick={() => (mode === 'open' ? void go(r) : setPath(r))}
                  className="mono"
                >
                  {r}
                </li>
              ))}
            </ul>
          </>
        )}
        <h4>In {listing?.dir ?? '…'}</h4>
        <ul className="file-list">
          {listing?.files.length === 0 && <li className="muted">No project files here yet.</li>}
          {listing?.files.map((f) => (
            <li
              key={f}
              onClick={() => (mode === 'open' ? void go(f) : setPath(f))}
              className="mono"
            >
              {f}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
};
