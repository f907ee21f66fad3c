// Problems: every diagnostic of the live compile (and of a file that failed to open); a click
// selects the node and centres the canvas on it.
import { useEditor, useStoreSnapshot } from '../app/editor-context';

const rank = { error: 0, warning: 1, info: 2 } as const;

export const ProblemsPanel = () => {
  const ed = useEditor();
  const snap = useStoreSnapshot(ed.store);
  const list = [...ed.view.diagnostics].sort((a, b) => rank[a.severity] - rank[b.severity]);
  return (
    <div className="problems" data-testid="problems">
      {snap.fileProblem && (
        <div className="file-problem" role="alert" data-testid="file-problem">
          <div>
            <b>Could not open {snap.fileProblem.path}</b> — the canvas still shows the previous
            project.
            <button className="link" onClick={() => ed.store.showFileProblem(undefined)}>
              Dismiss
            </button>
          </div>
          <ul>
            {snap.fileProblem.diagnostics.map((d, i) => (
              <li key={i} className={`sev-${d.severity}`}>
                {d.path ? <span className="mono">{d.path} </span> : null}
                {d.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {list.length === 0 && !snap.fileProblem && (
        <div className="muted">No problems. Compiled in {ed.view.ms.toFixed(1)} ms.</div>
      )}
      <ul>
        {list.map((d, i) => (
          <li
            key={i}
            className={`problem sev-${d.severity}${d.nodeId ? ' clickable' : ''}`}
            onClick={() => d.nodeId && ed.focusNode(d.nodeId, d.path)}
            data-node-id={d.nodeId}
          >
            <span className={`sev-icon sev-${d.severity}`}>
              {d.severity === 'error' ? '✖' : d.severity === 'warning' ? '▲' : 'ℹ'}
            </span>
            {d.nodeId && (
              <span className="mono">
                {d.nodeId}
                {d.port ? `.${d.port}` : ''}
              </span>
            )}{' '}
            {d.message}
            <span className="muted"> ({d.source})</span>
          </li>
        ))}
      </ul>
    </div>
  );
};
