// Open and Save As, inside the app (the web shell has no native dialogs): a path field,
// the projects folder's files and the recent files.
import { useEffect, useState } from 'react';
import { useEditor, useStoreSnapshot } from '../app/editor-context';
import type { ProjectListing } from '../../core/ipc/contract';
import { defaultFileName, openProject, saveProject } from './file-actions';

export const FileDialog = ({ mode, onClose }: { mode: 'open' | 'save'; onClose(): void }) => {
  const ed = useEditor();
  const snap = useStoreSnapshot(ed.store);
  const [listing, setListing] = useState<ProjectListing | undefined>();
  const [recent, setRecent] = useState<string[]>([]);
  const [path, setPath] = useState(snap.path ?? '');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void ed.bridge.invoke('project:list').then((l) => {
      setListing(l);
      if (mode === 'save' && !snap.path) setPath(`${l.dir}/${defaultFileName(snap.doc.name)}`);
    });
    void ed.bridge.invoke('project:recent').then(setRecent);
  }, [ed.bridge, mode, snap.path, snap.doc.name]);
  const go = async (p: string) => {
    if (!p.trim()) return;
    setBusy(true);
    try {
      if (mode === 'open') await openProject(ed.bridge, ed.store, p.trim());
      else await saveProject(ed.bridge, ed.store, p.trim());
      onClose();
    } catch (e) {
      ed.toast((e as Error).message, 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="modal"
        role="dialog"
        aria-label={mode === 'open' ? 'Open project' : 'Save project as'}
      >
        <h3>{mode === 'open' ? 'Open project' : 'Save project as'}</h3>
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
