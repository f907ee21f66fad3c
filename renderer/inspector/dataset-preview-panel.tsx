// The inspector's look at a selected dataset node: a small grid of its samples, each captioned
// with its class, for image datasets (MNIST, Fashion-MNIST, Image Folder), the first characters of
// a Text File; the split's sizes; what the loader noticed. Image Folder and Text File get a
// Choose… button: the main side's dialog (Electron) or the typed path confirmed (web shell), after
// which the app may read that folder or file (datasets:choose).
import { useEffect, useState } from 'react';
import type { Diagnostic } from '../../core/diagnostics/diagnostic';
import type { DatasetPreview } from '../../core/ipc/dataset-preview';
import { useEditor } from '../app/editor-context';
import { setParam } from '../store/commands';

/** The param holding the path a dataset node reads, and what it names. */
const pathParamOf: Record<string, { param: string; kind: 'folder' | 'file' }> = {
  'data/image-folder': { param: 'folder', kind: 'folder' },
  'data/text-file': { param: 'source', kind: 'file' },
};

const count = (n: number): string => n.toLocaleString('en-US');

/** Waits `ms` after the last change of `value` (typing a path previews once, not per key). */
const useSettled = <T,>(value: T, ms: number): T => {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
};

export const DatasetPreviewPanel = ({
  nodeId,
  type,
  params,
  scope,
}: {
  nodeId: string;
  type: string;
  params: Record<string, unknown>;
  scope: string;
}) => {
  const ed = useEditor();
  const key = JSON.stringify(params);
  const settled = useSettled(key, 400);
  const [preview, setPreview] = useState<DatasetPreview | undefined>();
  const [diagnostics, setDiagnostics] = useState<Diagnostic[]>([]);
  const [loading, setLoading] = useState(false);
  const [reload, setReload] = useState(0);
  const pathParam = pathParamOf[type];
  useEffect(() => {
    if (!ed.bridge) return;
    let live = true;
    setLoading(true);
    ed.bridge
      .invoke('datasets:preview', { type, params: JSON.parse(settled) as never, nodeId })
      .then((r) => {
        if (!live) return;
        setPreview(r.preview);
        setDiagnostics(r.diagnostics);
      })
      .catch((e: Error) => {
        if (!live) return;
        setPreview(undefined);
        setDiagnostics([{ severity: 'error', source: 'dataset', message: e.message }]);
      })
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [ed.bridge, type, nodeId, settled, reload]);

  const choose = async () => {
    if (!pathParam) return;
    const current = params[pathParam.param];
    const typed = typeof current === 'string' && current.trim() !== '' ? current.trim() : undefined;
    try {
      const r = await ed.bridge.invoke(
        'datasets:choose',
        typed === undefined ? { kind: pathParam.kind } : { kind: pathParam.kind, path: typed },
      );
      if (r.cancelled) return;
      if (!r.path) throw new Error(r.diagnostics.map((d) => d.message).join(' ') || 'Not chosen.');
      if (r.path !== current)
        ed.store.dispatch(
          `Set ${pathParam.param}`,
          setParam(nodeId, pathParam.param, r.path, scope),
        );
      setReload((n) => n + 1);
    } catch (e) {
      ed.toast((e as Error).message, 'error');
    }
  };

  if (!ed.bridge) return null;
  return (
    <section data-testid="dataset-preview" aria-label="Dataset preview">
      <h4>
        Dataset preview{' '}
        {loading && (
          <span className="muted" style={{ fontWeight: 'normal' }}>
            loading…
          </span>
        )}
      </h4>
      {pathParam && (
        <button
          onClick={() => void choose()}
          data-testid="dataset-choose"
          title={
            ed.engine?.shell === 'electron'
              ? `Pick the ${pathParam.kind} in a dialog`
              : `Let the app read the ${pathParam.kind} typed in ${pathParam.param}`
          }
        >
          Choose {pathParam.kind}…
        </button>
      )}
      {preview?.kind === 'images' && (
        <>
          <div className="muted" data-testid="dataset-preview-summary">
            {preview.classNames.length} class{preview.classNames.length === 1 ? '' : 'es'} ·{' '}
            {count(preview.trainCount)} training / {count(preview.validationCount)} held-out images
            · {preview.height} x {preview.width} x {preview.channels}
          </div>
          <div
            data-testid="dataset-preview-grid"
            style={{
              display: 'grid',
              gridTemplateColumns: 'repeat(auto-fill, minmax(52px, 1fr))',
              gap: 4,
              marginTop: 6,
            }}
          >
            {preview.samples.map((s, i) => (
              <figure
                key={i}
                style={{ margin: 0, textAlign: 'center', minWidth: 0 }}
                data-testid="dataset-sample"
              >
                <img
                  src={`data:image/png;base64,${s.pngBase64}`}
                  alt={`${s.className} (label ${s.label})`}
                  width={48}
                  height={48}
                  style={{ imageRendering: 'pixelated', display: 'block', margin: '0 auto' }}
                />
                <figcaption
                  title={`${s.className} (label ${s.label})`}
                  style={{
                    fontSize: 11,
                    lineHeight: '14px',
                    overflow: 'hidden',
                    textOverflow: 'ellipsis',
                    whiteSpace: 'nowrap',
                  }}
                >
                  {s.className}
                </figcaption>
              </figure>
            ))}
          </div>
        </>
      )}
      {preview?.kind === 'text' && (
        <>
          <div className="muted" data-testid="dataset-preview-summary">
            V = {preview.vocabSize} ({preview.tokens}) · {count(preview.trainTokens)} training /{' '}
            {count(preview.validationTokens)} held-out {preview.tokens}
          </div>
          <pre
            data-testid="dataset-preview-text"
            style={{
              whiteSpace: 'pre-wrap',
              fontSize: 12,
              maxHeight: 160,
              overflow: 'auto',
              margin: '6px 0 0',
            }}
          >
            {preview.excerpt}
          </pre>
        </>
      )}
      {diagnostics.length > 0 && (
        <ul className="node-problems" data-testid="dataset-preview-problems">
          {diagnostics.map((d, i) => (
            <li key={i} className={`sev-${d.severity}`}>
              {d.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};
