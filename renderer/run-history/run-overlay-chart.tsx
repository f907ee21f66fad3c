// Several runs' curves of one objective on one chart (uPlot), each in its run's colour, with a
// legend beneath naming each run, when it started and its last value.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatValue } from '../training/format-metric';

export interface OverlayRun {
  runId: string;
  label: string;
  color: string;
  /** "today 14:02:31". */
  started: string;
}

export interface RunOverlayChartProps {
  objective: string;
  runs: readonly OverlayRun[];
  steps: readonly number[];
  /** Per run (same order as runs), its value at each step or null. */
  values: readonly (readonly (number | null)[])[];
}

const lastOf = (row: readonly (number | null)[]): number | undefined => {
  for (let i = row.length - 1; i >= 0; i--) if (row[i] !== null) return row[i]!;
  return undefined;
};

export const RunOverlayChart = ({ objective, runs, steps, values }: RunOverlayChartProps) => {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const seriesKey = runs.map((r) => `${r.runId}:${r.color}`).join('|');
  useEffect(() => {
    if (!box.current) return;
    plot.current = new uPlot(
      {
        width: 440,
        height: 190,
        legend: { show: false },
        scales: { x: { time: false } },
        axes: [
          { stroke: '#9aa3ad', grid: { stroke: '#2a2f36' }, label: 'step', labelSize: 16 },
          { stroke: '#9aa3ad', grid: { stroke: '#2a2f36' }, size: 56 },
        ],
        series: [
          {},
          ...runs.map((r) => ({ label: r.label, stroke: r.color, width: 1.75, spanGaps: true })),
        ],
      },
      [[], ...runs.map(() => [])],
      box.current,
    );
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
    // The series (runs and colours) make a new plot; new values only new data.
  }, [objective, seriesKey]);
  useEffect(() => {
    plot.current?.setData([steps as number[], ...(values as (number | null)[][])]);
  }, [steps, values, seriesKey]);
  return (
    <figure className="run-overlay" data-objective={objective} data-testid="run-overlay">
      <figcaption className="chart-title">{objective}</figcaption>
      <div ref={box} />
      <ul className="run-legend" aria-label={`Runs on the ${objective} chart`}>
        {runs.map((r, i) => {
          const last = lastOf(values[i] ?? []);
          return (
            <li key={r.runId} data-testid="legend-entry" data-run={r.runId}>
              <span className="swatch" style={{ background: r.color }} aria-hidden />
              <b>{r.label}</b> <span className="muted">{r.started}</span>
              {last !== undefined && <span className="mono"> · {formatValue(last)}</span>}
            </li>
          );
        })}
      </ul>
    </figure>
  );
};
