// The phases of a run between Start and its first step, as 'phase' events with the time since
// Start, and the log line that sums them up once the first step is done:
// "First step done 3.2 s after Start: thread 1.1 s, backend 0.2 s, graph 0.1 s, ...".
import type { StartPhaseName, TrainEvent, TrainPhase } from '../../../core/ipc/training-messages';

export interface StartPhases {
  /** Announces a phase (or a new count within the current one). */
  enter(phase: StartPhaseName, label: string, counts?: { done: number; total: number }): void;
  /** The first step has run: logs how long each phase took. Only the first call logs. */
  firstStepDone(): void;
  /** Milliseconds per phase so far, in order of entry (the last one still running). */
  durations(nowMs?: number): { phase: StartPhaseName; ms: number }[];
}

const PHASE_WORDS: Record<StartPhaseName, string> = {
  thread: 'training thread',
  backend: 'backend',
  graph: 'graph check',
  build: 'model build',
  preflight: 'kernel preflight',
  'first-step': 'first step',
};

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export const backendPhaseLabel = (name: string): string => `selecting backend (${name})`;
export const graphPhaseLabel = (nodes: number): string => `checking the graph (${nodes} nodes)`;
export const buildPhaseLabel = (layers: number): string => `building model (${layers} layers)`;
export const preflightPhaseLabel = (done: number, total: number): string =>
  `kernel preflight (${done} of ${total} node types)`;
export const FIRST_STEP_LABEL = 'compiling first step';

/**
 * `startedAt`: Date.now() when Start was pressed (startTraining); the thread phase (the worker
 * starting) runs from then until the first phase this side enters.
 */
export const createStartPhases = (
  runId: string,
  emit: (e: TrainEvent) => void,
  startedAt: number = Date.now(),
  now: () => number = Date.now,
): StartPhases => {
  const entered: { phase: StartPhaseName; at: number }[] = [{ phase: 'thread', at: startedAt }];
  let logged = false;
  const durations = (nowMs = now()): { phase: StartPhaseName; ms: number }[] =>
    entered.map((e, i) => ({
      phase: e.phase,
      ms: Math.max(0, (entered[i + 1]?.at ?? nowMs) - e.at),
    }));
  return {
    enter: (phase, label, counts) => {
      const at = now();
      if (entered[entered.length - 1]?.phase !== phase) entered.push({ phase, at });
      const event: TrainPhase = { runId, phase, label, elapsedMs: Math.max(0, at - startedAt) };
      emit({ type: 'phase', ...event, ...(counts ?? {}) });
    },
    firstStepDone: () => {
      if (logged) return;
      logged = true;
      const at = now();
      const parts = durations(at).map((d) => `${PHASE_WORDS[d.phase]} ${seconds(d.ms)}`);
      emit({
        type: 'log',
        runId,
        level: 'info',
        message: `First step done ${seconds(at - startedAt)} after Start: ${parts.join(', ')}.`,
      });
    },
    durations,
  };
};
