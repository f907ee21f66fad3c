// The line under the progress bar between Start and the first step: what the run is doing and
// for how long ("kernel preflight (3 of 7 node types) · 2.4 s"), ticking while it waits.
import { useEffect, useState } from 'react';
import {
  beforeFirstStep,
  startedTraining,
  startPhaseText,
  type TrainingView,
} from './training-state';

const TICK_MS = 200;

/** Whether anything is being waited for: Start pressed and unanswered, or no step yet. */
const waiting = (view: TrainingView, pressedAt: number | undefined): boolean =>
  pressedAt !== undefined || beforeFirstStep(view);

/** This page's clock, updated every 200 ms while a run is starting (still otherwise). */
export const useStartingClock = (view: TrainingView, pressedAt: number | undefined): number => {
  const on = waiting(view, pressedAt);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, [on]);
  return now;
};

export const StartPhaseLine = ({
  view,
  pressedAt,
  now,
}: {
  view: TrainingView;
  /** Set while train:start has not answered: the view still shows the previous run. */
  pressedAt: number | undefined;
  now: number;
}) => {
  const text = startPhaseText(pressedAt !== undefined ? startedTraining('', pressedAt) : view, now);
  if (!text) return null;
  return (
    <span className="start-phase" data-testid="start-phase" role="status" aria-live="polite">
      {text}
    </span>
  );
};
