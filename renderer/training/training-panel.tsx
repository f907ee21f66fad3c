// Training: Start / Pause / Resume / Stop, progress with step, examples/s, ETA and backend,
// a live loss chart per objective, live preview images, and the checkpoints (resume from one).
import { useEffect, useReducer, useRef, useState } from 'react';
import { useEditor, useStoreSnapshot } from '../app/editor-context';
import { hasErrors } from '../../core/diagnostics/diagnostic';
import { setTrainingField } from '../store/commands';
import { LossChart } from './loss-chart';
import { GridLabelled } from './grid-labelled';
import { formatNumber } from '../app/safe-intl';
import { formatMetric, formatPreviewData } from './format-metric';
import { isTextPreviewData, TextPreview } from './text-preview';
import {
  emptyTraining,
  etaText,
  reduceTraining,
  stageLine,
  startedTraining,
  type TrainingView,
} from './training-state';
import { StartPhaseLine, useStartingClock } from './start-phase-line';
import type { TrainEvent } from '../../core/ipc/training-messages';
import { trainBlockedReason } from '../custom-code/trust-text';
import { onRunStarted } from '../run-history/run-started';

type Action =
  | { kind: 'event'; event: TrainEvent; at: number }
  | { kind: 'reset'; runId: string; pressedAt: number; early: readonly TrainEvent[] };

const reducer = (v: TrainingView, a: Action): TrainingView =>
  a.kind === 'reset'
    ? startedTraining(a.runId, a.pressedAt, a.early)
    : reduceTraining(v, a.event, a.at);

/** Events kept for a run whose id the engine has not answered yet (its first phases). */
const EARLY_EVENTS = 100;

export const TrainingPanel = () => {
  const ed = useEditor();
  const snap = useStoreSnapshot(ed.store);
  const [view, dispatch] = useReducer(reducer, emptyTraining);
  const [steps, setSteps] = useState('');
  const [error, setError] = useState<string | undefined>();
  // Between Start and the engine's answer: when it was pressed, and the events seen meanwhile.
  const [pressedAt, setPressedAt] = useState<number | undefined>();
  const recent = useRef<TrainEvent[]>([]);
  useEffect(
    () =>
      ed.bridge.on('train:event', (event) => {
        recent.current = [...recent.current.slice(1 - EARLY_EVENTS), event];
        dispatch({ kind: 'event', event, at: Date.now() });
      }),
    [ed.bridge],
  );
  // A run the Runs view started (resume from a checkpoint of the history): follow it here.
  useEffect(
    () =>
      onRunStarted((runId) =>
        dispatch({ kind: 'reset', runId, pressedAt: Date.now(), early: recent.current }),
      ),
    [],
  );

  const docSteps = snap.doc.training.stages.reduce((s, st) => s + st.steps, 0);
  const active = view.state === 'starting' || view.state === 'running' || view.state === 'paused';
  const untrusted = ed.trust?.untrusted ?? [];
  const blocked = hasErrors(ed.view.diagnostics) || untrusted.length > 0;

  const start = async (resumeFrom?: string) => {
    setError(undefined);
    const n = steps.trim() === '' ? undefined : Number(steps);
    if (n !== undefined && (!Number.isInteger(n) || n < 1))
      return setError(
        'Steps must be a whole number of at least 1 (or empty for the document’s stages).',
      );
    const at = Date.now();
    setPressedAt(at);
    recent.current = [];
    try {
      await ed.trust?.flush(); // the author's latest code edits are recorded before the engine checks
      const { runId } = await ed.bridge.invoke('train:start', {
        document: snap.doc,
        steps: n,
        resumeFrom,
        // The run history files the run under the project's file (untitled: under its name).
        ...(snap.path ? { projectPath: snap.path } : {}),
      });
      dispatch({ kind: 'reset', runId, pressedAt: at, early: recent.current });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setPressedAt(undefined);
    }
  };
  const control = async (what: 'train:pause' | 'train:resume' | 'train:stop') => {
    if (!view.runId) return;
    try {
      await ed.bridge.invoke(what, { runId: view.runId });
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const p = view.progress;
  const pct = p && p.totalSteps > 0 ? (100 * p.step) / p.totalSteps : 0;
  const eta = etaText(view);
  const now = useStartingClock(view, pressedAt);
  return (
    <div className="training" data-testid="training">
      <div className="train-side">
        <div className="train-controls">
          <button
            className="primary"
            disabled={active || blocked}
            onClick={() => void start()}
            title={
              untrusted.length > 0
                ? trainBlockedReason(untrusted)
                : blocked
                  ? 'Fix the errors in Problems first.'
                  : 'Train the model'
            }
          >
            ▶ Train
          </button>
          {view.state === 'paused' ? (
            <button onClick={() => void control('train:resume')}>Resume</button>
          ) : (
            <button disabled={view.state !== 'running'} onClick={() => void control('train:pause')}>
              Pause
            </button>
          )}
          <button disabled={!active} onClick={() => void control('train:stop')}>
            Stop
          </button>
          <label>
            steps{' '}
            <input
              className="small"
              value={steps}
              placeholder={String(docSteps)}
              onChange={(e) => setSteps(e.target.value)}
              aria-label="Steps"
            />
          </label>
          <label>
            batch{' '}
            <input
              className="small"
              value={snap.doc.training.batchSize}
              aria-label="Batch size"
              onChange={(e) => {
                const v = Number(e.target.value);
                if (Number.isInteger(v) && v >= 1 && v <= 4096)
                  ed.store.dispatch('Set batch size', setTrainingField('batchSize', v), {
                    mergeKey: 'batch',
                  });
              }}
              onBlur={() => ed.store.seal()}
            />
          </label>
          <span className="run-state" data-testid="run-state">
            {view.state ?? 'idle'}
          </span>
          <span className="muted">
            backend:{' '}
            <b data-testid="backend">{view.backend?.name ?? ed.engine?.backend?.name ?? '—'}</b>
          </span>
        </div>
        {error && <div className="sev-error">{error}</div>}
        {/* While starting, the phase line below says more than the 'starting' status does. */}
        {view.message && view.state !== 'starting' && (
          <div
            className={view.state === 'failed' ? 'sev-error' : 'muted'}
            data-testid="run-message"
          >
            {view.message}
          </div>
        )}
        {view.logs
          .filter((l) => l.level !== 'info')
          .slice(-3)
          .map((l, i) => (
            <div key={i} className={l.level === 'error' ? 'sev-error' : 'sev-warning'}>
              {l.message}
            </div>
          ))}
        <div className="progress">
          <div className="progress-bar">
            <div style={{ width: `${pct}%` }} />
          </div>
          <span className="mono" data-testid="progress-text">
            step {p?.step ?? 0} / {p?.totalSteps ?? (steps || docSteps)} ·{' '}
            {p ? formatNumber(p.examplesPerSecond, 1) : '—'} ex/s
            {eta ? ` · ${eta}` : ''}
          </span>
          {p && (
            <span className="muted" data-testid="stage-text">
              {stageLine(p)}
            </span>
          )}
          <StartPhaseLine view={view} pressedAt={pressedAt} now={now} />
        </div>
        {p && Object.keys(p.metrics).length > 0 && (
          <div className="metrics mono" data-testid="metrics">
            {Object.entries(p.metrics)
              .map(([k, v]) => formatMetric(k, v).text)
              .join(' · ')}
          </div>
        )}
        <div className="checkpoints">
          <h4>Checkpoints</h4>
          {view.checkpoints.length === 0 && <div className="muted">None yet.</div>}
          <ul>
            {view.checkpoints.map((c) => (
              <li key={c.path}>
                step {c.step} <span className="muted mono">{c.path}</span>{' '}
                <button className="link" disabled={active} onClick={() => void start(c.path)}>
                  resume
                </button>
              </li>
            ))}
          </ul>
        </div>
      </div>
      <div className="train-body">
        <div className="charts">
          {Object.entries(view.losses).map(([name, s]) => (
            <LossChart key={name} title={name} steps={s.steps} values={s.values} />
          ))}
          {Object.keys(view.losses).length === 0 && (
            <div className="muted">Loss charts appear here while training.</div>
          )}
        </div>
        <div className="previews">
          {Object.values(view.previews).map((pv) => (
            <figure key={pv.previewId} className="preview" data-preview={pv.previewId}>
              {pv.image ? (
                <GridLabelled data={pv.data} width={pv.image.width} height={pv.image.height}>
                  <img
                    src={`data:image/png;base64,${pv.image.pngBase64}`}
                    width={pv.image.width}
                    height={pv.image.height}
                    alt={pv.title}
                    data-testid="preview-image"
                  />
                </GridLabelled>
              ) : null}
              {isTextPreviewData(pv.data) ? <TextPreview data={pv.data} /> : null}
              {(!pv.image || pv.kind === 'codebook-usage') && pv.data !== undefined ? (
                <div className="preview-values mono" data-testid="preview-values">
                  {formatPreviewData(pv.data, pv.title).map((line) => (
                    <div key={line}>{line}</div>
                  ))}
                </div>
              ) : null}
              <figcaption>
                {pv.title} · <span data-testid="preview-step">step {pv.step}</span>
              </figcaption>
            </figure>
          ))}
        </div>
      </div>
    </div>
  );
};
