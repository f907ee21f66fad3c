// Code: the document JSON now, and the exported TypeScript program (via the contract's
// code:exportTypeScript, the engine's exportProject); Save export writes it with its support
// folder (code:saveExport) and shows the written path or the problems.
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useEditor, useStoreSnapshot } from '../app/editor-context';
import { serializeDocument } from '../../core/document/serialize-document';
import type { ExportResult, SaveExportResult } from '../../core/ipc/contract';
import { ExportDialog } from './export-dialog';

const CodeView = lazy(async () => ({ default: (await import('./code-view')).CodeView }));

export const CodePanel = ({ visible }: { visible: boolean }) => {
  const ed = useEditor();
  const snap = useStoreSnapshot(ed.store);
  const [mode, setMode] = useState<'json' | 'typescript'>('json');
  const [exported, setExported] = useState<ExportResult | undefined>();
  const [asking, setAsking] = useState(false);
  const [saved, setSaved] = useState<SaveExportResult | undefined>();
  const json = useMemo(() => (visible ? serializeDocument(snap.doc) : ''), [snap.doc, visible]);
  useEffect(() => {
    if (!visible || mode !== 'typescript') return;
    let live = true;
    ed.bridge
      .invoke('code:exportTypeScript', { document: snap.doc })
      .then((r) => live && setExported(r))
      .catch(
        (e: Error) =>
          live &&
          setExported({
            diagnostics: [{ severity: 'error', source: 'export', message: e.message }],
          }),
      );
    return () => {
      live = false;
    };
  }, [visible, mode, snap.doc, ed.bridge]);
  if (!visible) return null;
  const text =
    mode === 'json'
      ? json
      : (exported?.source ??
        `// ${(exported?.diagnostics ?? []).map((d) => d.message).join('\n// ') || 'Exporting…'}\n`);
  return (
    <div className="code-panel" data-testid="code-panel">
      <div className="tabs small">
        <button className={mode === 'json' ? 'on' : ''} onClick={() => setMode('json')}>
          Document JSON
        </button>
        <button className={mode === 'typescript' ? 'on' : ''} onClick={() => setMode('typescript')}>
          TypeScript export
        </button>
        <button
          style={{ marginLeft: 'auto', color: 'var(--text)' }}
          onClick={() => setAsking(true)}
          title="Write the program and its support folder to disk"
        >
          Save export…
        </button>
      </div>
      {saved && <ExportStatus result={saved} onDismiss={() => setSaved(undefined)} />}
      <div className="code-host">
        <Suspense fallback={<div className="muted">Loading editor…</div>}>
          <CodeView language={mode} value={text} />
        </Suspense>
      </div>
      {asking && (
        <ExportDialog
          onDone={(r) => {
            setSaved(r);
            ed.toast(
              r.path ? `Exported ${r.path}` : 'Export not saved; see the Code panel.',
              r.path ? 'info' : 'error',
            );
          }}
          onClose={() => setAsking(false)}
        />
      )}
    </div>
  );
};

const ExportStatus = ({ result, onDismiss }: { result: SaveExportResult; onDismiss(): void }) => (
  <div
    data-testid="export-status"
    role="status"
    style={{
      padding: '4px 8px',
      display: 'flex',
      gap: 8,
      color: result.path ? 'var(--muted)' : 'var(--err)',
    }}
  >
    <span style={{ flex: 1 }}>
      {result.path ? (
        <>
          Exported <span className="mono">{result.path}</span> ({result.files} files, with its
          support folder beside it). In that folder run <span className="mono">npm install</span>{' '}
          (once), then <span className="mono">npx tsx {result.path.split(/[\\/]/).pop()}</span>.
        </>
      ) : (
        `Export not saved: ${result.diagnostics.map((d) => d.message).join(' ')}`
      )}
      {result.path &&
        result.diagnostics.length > 0 &&
        ` Notes: ${result.diagnostics.map((d) => d.message).join(' ')}`}
    </span>
    <button onClick={onDismiss} aria-label="Dismiss export message">
      ×
    </button>
  </div>
);
