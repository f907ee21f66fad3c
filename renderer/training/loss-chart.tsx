// One live loss chart (uPlot): steps on x, the objective's loss on y.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface LossChartProps {
  title: string;
  steps: readonly number[];
  values: readonly number[];
}

export const LossChart = ({ title, steps, values }: LossChartProps) => {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  useEffect(() => {
    if (!box.current) return;
    plot.current = new uPlot(
      {
        width: 320,
        height: 150,
        legend: { show: false },
        scales: { x: { time: false } },
        axes: [
          { stroke: '#9aa3ad', grid: { stroke: '#2a2f36' } },
          { stroke: '#9aa3ad', grid: { stroke: '#2a2f36' }, size: 50 },
        ],
        series: [{}, { label: title, stroke: '#4c8dff', width: 1.5 }],
      },
      [[], []],
      box.current,
    );
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, [title]);
  useEffect(() => {
    plot.current?.setData([steps as number[], values as number[]]);
  }, [steps, values]);
  const last = values[values.length - 1];
  return (
    <div className="loss-chart" data-objective={title}>
      <div className="chart-title">
        {title}:{' '}
        <span className="loss-value mono" data-testid="loss-value">
          {last === undefined ? '—' : last.toPrecision(4)}
        </span>
      </div>
      <div ref={box} />
    </div>
  );
};
