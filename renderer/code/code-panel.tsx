// Code: the document JSON now, and the exported TypeScript program (via the contract's
// code:exportTypeScript hook, implemented by the exporter in core/codegen).
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useEditor, useStoreSnapshot } from '../app/editor-context';
import { serializeDocument } from '../../core/document/serialize-document';
import type { ExportResult } from '../../core/ipc/contract';

const CodeView = lazy(async () => ({ default: (await import('./code-view')).CodeView }));

export const CodePanel = ({ visible }: { visible: boolean }) => {
  const ed = useEditor();
  const snap = useStoreSnapshot(ed.store);
  const [mode, setMode] = useState<'json' | 'typescript'>('json');
  const [exported, setExported] = useState<ExportResult | undefined>();
  const json = useMemo(() => (visible ? serializeDocument(snap.doc) : ''), [snap.doc, visible]);
  useEffect(() => {
    if (!visible || mode !== 'typescript') return;
    let live = true;
    ed.bridge
      .invoke('code:exportTypeScript', { document: snap.doc })
      .then((r) => live && setExported(r))
      .catch((e: Error) => live && setExported({ diagnostics: [{ severity: 'error', source: 'export', message: e.message }] }));
    return () => {
      live = false;
    };
  }, [visible, mode, snap.doc, ed.bridge]);
  if (!visible) return null;
  const text = mode === 'json' ? json : (exported?.source ?? `// ${(exported?.diagnostics ?? []).map((d) => d.message).join('\n// ') || 'Exporting…'}\n`);
  return (
    <div className="code-panel" data-testid="code-panel">
      <div className="tabs small">
        <button className={mode === 'json' ? 'on' : ''} onClick={() => setMode('json')}>
          Document JSON
        </button>
        <button className={mode === 'typescript' ? 'on' : ''} onClick={() => setMode('typescript')}>
          TypeScript export
        </button>
      </div>
      <div className="code-host">
        <Suspense fallback={<div className="muted">Loading editor…</div>}>
          <CodeView language={mode} value={text} />
        </Suspense>
      </div>
    </div>
  );
};
