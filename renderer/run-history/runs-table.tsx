// The run history as a table: tick runs to compare them; each row says when the run started, how
// it ended, its steps, final loss and graph hash, and offers its checkpoints to resume from.
import { useState } from 'react';
import type { RunSummary } from '../../core/run-history/run-record';
import { finalLossText, runColor, runLabel, runTime, shortHash, stepsText } from './run-view';

const stateClass = (s: RunSummary['state']): string =>
  s === 'finished'
    ? 'ok'
    : s === 'failed' || s === 'interrupted'
      ? 'bad'
      : s === 'stopped'
        ? 'warn'
        : '';

const details = (r: RunSummary): string =>
  [
    `run ${r.runId}`,
    `batch ${r.config.batchSize}`,
    `seed ${r.config.seed}`,
    `backend ${r.backendUsed ?? r.config.backend}`,
    ...(r.config.resumedFrom ? [`resumed from ${r.config.resumedFrom}`] : []),
    ...(r.message ? [r.message] : []),
    `graph ${r.graphHash}`,
  ].join('\n');

const CheckpointResume = ({
  run,
  label,
  disabled,
  onResume,
}: {
  run: RunSummary;
  label: string;
  disabled: boolean;
  onResume(checkpoint: string): void;
}) => {
  const last = run.checkpoints[run.checkpoints.length - 1];
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  if (!last) return <span className="muted">none</span>;
  const path = chosen ?? last.path;
  return (
    <span className="run-resume">
      <select
        value={path}
        onChange={(e) => setChosen(e.target.value)}
        aria-label={`Checkpoint of run ${label}`}
      >
        {run.checkpoints.map((c) => (
          <option key={c.path} value={c.path}>
            step {c.step}
          </option>
        ))}
      </select>{' '}
      <button
        disabled={disabled}
        onClick={() => onResume(path)}
        aria-label={`Resume from run ${label}`}
        title={
          disabled
            ? 'A run is training; stop it or let it finish first.'
            : `Resume training the open project from ${path}`
        }
      >
        Resume
      </button>
    </span>
  );
};

export const RunsTable = ({
  runs,
  selected,
  onToggle,
  resumeDisabled,
  onResume,
}: {
  runs: readonly RunSummary[];
  selected: ReadonlySet<string>;
  onToggle(runId: string): void;
  resumeDisabled: boolean;
  onResume(run: RunSummary, checkpoint: string): void;
}) => (
  <table className="runs-table" data-testid="runs-table">
    <thead>
      <tr>
        <th aria-label="Compare" />
        <th>Run</th>
        <th>Started</th>
        <th>Status</th>
        <th>Steps</th>
        <th>Final loss</th>
        <th>Graph</th>
        <th>Checkpoint</th>
      </tr>
    </thead>
    <tbody>
      {runs.map((r, i) => (
        <tr
          key={r.runId}
          data-testid="run-row"
          data-run={r.runId}
          className={selected.has(r.runId) ? 'selected' : ''}
          title={details(r)}
        >
          <td>
            <input
              type="checkbox"
              checked={selected.has(r.runId)}
              onChange={() => onToggle(r.runId)}
              aria-label={`Compare run ${runLabel(i)}`}
            />
          </td>
          <td>
            <span className="swatch" style={{ background: runColor(i) }} aria-hidden />
            <b>{runLabel(i)}</b>
          </td>
          <td className="mono">{runTime(r.startedAt)}</td>
          <td>
            <span className={`run-status ${stateClass(r.state)}`}>{r.state}</span>
          </td>
          <td className="mono">{stepsText(r)}</td>
          <td className="mono">{finalLossText(r)}</td>
          <td className="mono" title={r.graphHash}>
            {shortHash(r.graphHash)}
          </td>
          <td>
            <CheckpointResume
              run={r}
              label={runLabel(i)}
              disabled={resumeDisabled}
              onResume={(checkpoint) => onResume(r, checkpoint)}
            />
          </td>
        </tr>
      ))}
    </tbody>
  </table>
);
