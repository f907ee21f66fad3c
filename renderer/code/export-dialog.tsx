// Save export: asks where to write the program (NAME.ts; its support folder NAME.lib/ goes
// beside it), in the same in-app dialog style as Save As (the web shell has no native dialogs;
// in Electron the main process's dialog opens instead). files:choose grants the chosen path.
import { useEffect, useRef, useState } from 'react';
import { useEditor, useStoreSnapshot } from '../app/editor-context';
import type { SaveExportResult } from '../../core/ipc/contract';
import { chooseFile, hasNativeDialogs } from '../files/choose-file';
import { defaultFileName } from '../files/file-actions';

/** The export's default file name for a project name: 'VQ-VAE' -> 'vq-vae.ts'. */
export const defaultExportName = (projectName: string): string =>
  defaultFileName(projectName).replace(/\.tessera\.json$/, '.ts');

export const ExportDialog = ({
  onDone,
  onClose,
}: {
  onDone(result: SaveExportResult): void;
  onClose(): void;
}) => {
  const ed = useEditor();
  const snap = useStoreSnapshot(ed.store);
  const [dir, setDir] = useState<string | undefined>();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const native = hasNativeDialogs(ed.engine?.shell);
  const asked = useRef(false);
  useEffect(() => {
    void ed.bridge.invoke('project:list').then((l) => {
      setDir(l.dir);
      setPath((p) => p || `${l.dir}/${defaultExportName(snap.doc.name)}`);
    });
  }, [ed.bridge, snap.doc.name]);
  const go = async (typed: string) => {
    if (!native && !typed.trim()) return;
    setBusy(true);
    let result: SaveExportResult;
    try {
      const chosen = await chooseFile(ed.bridge, 'export', typed.trim() || undefined);
      if (chosen === undefined) return onClose();
      result = await ed.bridge.invoke('code:saveExport', { document: snap.doc, path: chosen });
    } catch (e) {
      result = {
        files: 0,
        diagnostics: [{ severity: 'error', source: 'export', message: (e as Error).message }],
      };
    }
    onDone(result);
    onClose();
  };
  useEffect(() => {
    // Electron: the main process's save dialog, once, starting at the suggested name.
    if (!native || asked.current) return;
    asked.current = true;
    void go(defaultExportName(snap.doc.name));
  }, [native]);
  if (native) return null;
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-label="Save export">
        <h3>Save export</h3>
        <p className="muted">
          Writes the standalone TypeScript program and, beside it, its support folder (
          <span className="mono">NAME.lib/</span>), inside {dir ?? '…'}.
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
            aria-label="Export file path"
            placeholder="/path/to/model.ts"
          />
          <button className="primary" type="submit" disabled={busy}>
            {busy ? 'Exporting…' : 'Export'}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </form>
      </div>
    </div>
  );
};
