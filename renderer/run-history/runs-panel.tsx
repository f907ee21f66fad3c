// Runs: the open project's run history (read from disk when the project opens, so it survives
// restarts). Tick runs to overlay their loss curves, one chart per objective with a legend; Diff
// shows what changed in the graph between two runs (or a run and the graph open now); Resume
// continues the open project from a run's checkpoint, refused with the reason when it does not fit.
import { useEffect, useMemo, useState } from 'react';
import { useEditor, useStoreSnapshot } from '../app/editor-context';
import { diffDocuments, type DocumentDiff } from '../../core/run-history/graph-diff';
import type { RunSummary } from '../../core/run-history/run-record';
import { announceRunStarted } from './run-started';
import { RunDiffView } from './run-diff-view';
import { RunOverlayChart } from './run-overlay-chart';
import { RunsTable } from './runs-table';
import { alignCurves, objectivesOf, runColor, runLabel, runTime } from './run-view';
import { useRunHistory } from './use-run-history';
import './runs.css';

const going = (r: RunSummary) =>
  r.state === 'starting' || r.state === 'running' || r.state === 'paused';

const projectTitle = (path: string | undefined, name: string) =>
  path ? (path.split(/[\\/]/).pop() ?? path) : `"${name}" (untitled)`;

export const RunsPanel = ({ onShowTraining }: { onShowTraining(): void }) => {
  const ed = useEditor();
  const snap = useStoreSnapshot(ed.store);
  const history = useRunHistory(ed.bridge, {
    ...(snap.path ? { path: snap.path } : {}),
    name: snap.doc.name,
  });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [diff, setDiff] = useState<{ title: string; diff: DocumentDiff } | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  // Another project: nothing of the last one stays ticked or shown.
  useEffect(() => {
    setSelected(new Set());
    setDiff(undefined);
    setProblem(undefined);
  }, [snap.path, snap.doc.name]);

  const runs = history.runs;
  const indexOf = useMemo(() => new Map(runs.map((r, i) => [r.runId, i])), [runs]);
  const chosen = runs.filter((r) => selected.has(r.runId));
  const training = runs.some(going);

  const toggle = (runId: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(runId)) next.delete(runId);
      else next.add(runId);
      return next;
    });

  const showDiff = async () => {
    setProblem(undefined);
    const [a, b] = chosen;
    if (!a) return;
    try {
      const before = await ed.bridge.invoke('runs:get', { runId: a.runId });
      const la = runLabel(indexOf.get(a.runId) ?? 0);
      if (!b)
        return setDiff({
          title: `${la} → the graph open now`,
          diff: diffDocuments(before.document, snap.doc),
        });
      const after = await ed.bridge.invoke('runs:get', { runId: b.runId });
      setDiff({
        title: `${la} → ${runLabel(indexOf.get(b.runId) ?? 0)}`,
        diff: diffDocuments(before.document, after.document),
      });
    } catch (e) {
      setProblem((e as Error).message);
    }
  };

  const resume = async (run: RunSummary, checkpoint: string) => {
    setProblem(undefined);
    setBusy(true);
    try {
      const check = await ed.bridge.invoke('runs:checkResume', {
        runId: run.runId,
        checkpoint,
        document: snap.doc,
      });
      if (!check.ok) return setProblem(check.message);
      await ed.trust?.flush();
      const { runId } = await ed.bridge.invoke('train:start', {
        document: snap.doc,
        resumeFrom: checkpoint,
        ...(snap.path ? { projectPath: snap.path } : {}),
      });
      announceRunStarted(runId);
      onShowTraining();
    } catch (e) {
      setProblem((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const overlay = chosen.map((r) => {
    const i = indexOf.get(r.runId) ?? 0;
    return {
      runId: r.runId,
      label: runLabel(i),
      color: runColor(i),
      started: runTime(r.startedAt),
    };
  });
  const diffLabel =
    chosen.length === 2
      ? `Diff ${overlay[0]!.label} → ${overlay[1]!.label}`
      : chosen.length === 1
        ? `Diff ${overlay[0]!.label} → open graph`
        : 'Diff';

  return (
    <div className="runs" data-testid="runs">
      <div className="runs-side">
        <div className="runs-bar">
          <span>
            Runs of <b data-testid="runs-project">{projectTitle(snap.path, snap.doc.name)}</b>
          </span>
          <button onClick={history.reload} title="Read the run history again">
            Refresh
          </button>
          <button
            disabled={chosen.length < 1 || chosen.length > 2}
            onClick={() => void showDiff()}
            title="Tick one run to compare its graph with the one open now, or two to compare theirs"
          >
            {diffLabel}
          </button>
        </div>
        {history.error && <div className="sev-error">{history.error}</div>}
        {problem && (
          <div className="sev-error" role="alert" data-testid="runs-problem">
            {problem}
          </div>
        )}
        {history.loaded && runs.length === 0 && !history.error && (
          <div className="muted" data-testid="runs-empty">
            No runs of this project yet: press ▶ Train in Training, and each run is kept here with
            its graph, settings, loss curves and checkpoints.
          </div>
        )}
        {runs.length > 0 && (
          <RunsTable
            runs={runs}
            selected={selected}
            onToggle={toggle}
            resumeDisabled={training || busy}
            onResume={(r, c) => void resume(r, c)}
          />
        )}
      </div>
      <div className="runs-body">
        {diff ? (
          <RunDiffView
            title={diff.title}
            diff={diff.diff}
            paramLabel={(type, key) => ed.registry.get(type)?.params[key]?.label}
            onClose={() => setDiff(undefined)}
          />
        ) : chosen.length === 0 ? (
          runs.length > 0 && <div className="muted">Tick runs to overlay their loss curves.</div>
        ) : (
          <div className="charts">
            {objectivesOf(chosen).map((objective) => {
              const { steps, values } = alignCurves(chosen, objective);
              return (
                <RunOverlayChart
                  key={objective}
                  objective={objective}
                  runs={overlay}
                  steps={steps}
                  values={values}
                />
              );
            })}
            {objectivesOf(chosen).length === 0 && (
              <div className="muted">The ticked runs reported no loss yet.</div>
            )}
          </div>
        )}
      </div>
    </div>
  );
};
