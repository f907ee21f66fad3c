// Folds training events into what the panel shows.
import type {
  BackendInfo,
  CheckpointInfo,
  RunState,
  TrainEvent,
  TrainPhase,
  TrainPreview,
  TrainProgress,
} from '../../core/ipc/training-messages';

export interface TrainingView {
  runId?: string;
  state?: RunState;
  message?: string;
  backend?: BackendInfo;
  progress?: TrainProgress;
  /** Objective name -> [steps, values]. */
  losses: Record<string, { steps: number[]; values: number[] }>;
  previews: Record<string, TrainPreview>;
  checkpoints: CheckpointInfo[];
  logs: { level: string; message: string }[];
  failure?: { step: number; nodeId?: string; objective?: string };
  /** What the run does before its first step (the latest phase event). */
  phase?: TrainPhase;
  /** When Start was pressed, on this page's clock (ms): the elapsed time shown counts from it. */
  startedAtMs?: number;
}

export const emptyTraining: TrainingView = { losses: {}, previews: {}, checkpoints: [], logs: [] };

const maxPoints = 5000;

/** Folds one event in; `nowMs` (this page's clock) lets a view opened mid-start count from Start. */
export const reduceTraining = (v: TrainingView, e: TrainEvent, nowMs?: number): TrainingView => {
  if (v.runId !== undefined && e.runId !== v.runId) return v;
  switch (e.type) {
    case 'status': {
      const step = v.progress?.step ?? 0;
      const checkpoints =
        e.checkpoint && !v.checkpoints.some((c) => c.path === e.checkpoint)
          ? [
              ...v.checkpoints,
              {
                path: e.checkpoint,
                step,
                stageIndex: v.progress?.stageIndex ?? 0,
                createdAt: new Date().toISOString(),
              },
            ]
          : v.checkpoints;
      return {
        ...v,
        state: e.state,
        message: e.message,
        backend: e.backend ?? v.backend,
        failure: e.failure ?? v.failure,
        checkpoints,
      };
    }
    case 'progress': {
      const { type: _t, ...progress } = e;
      const losses = { ...v.losses };
      for (const [name, value] of Object.entries(e.losses)) {
        const prev = losses[name] ?? { steps: [], values: [] };
        losses[name] = {
          steps: [...prev.steps, e.step].slice(-maxPoints),
          values: [...prev.values, value].slice(-maxPoints),
        };
      }
      return { ...v, progress, losses };
    }
    case 'preview': {
      const { type: _t, ...preview } = e;
      return { ...v, previews: { ...v.previews, [e.previewId]: preview } };
    }
    case 'log':
      return { ...v, logs: [...v.logs, { level: e.level, message: e.message }].slice(-50) };
    case 'phase': {
      const { type: _t, ...phase } = e;
      const startedAtMs =
        v.startedAtMs ?? (nowMs !== undefined ? nowMs - phase.elapsedMs : undefined);
      return { ...v, phase, ...(startedAtMs !== undefined ? { startedAtMs } : {}) };
    }
  }
};

/**
 * The view of a run just started: its id, 'starting', when Start was pressed, and the events of
 * this run that arrived before the engine answered with its id (`early`; others are ignored).
 */
export const startedTraining = (
  runId: string,
  pressedAtMs: number,
  early: readonly TrainEvent[] = [],
): TrainingView => {
  const start: TrainingView = {
    ...emptyTraining,
    runId,
    state: 'starting',
    startedAtMs: pressedAtMs,
  };
  return early.reduce((v, e) => (e.runId === runId ? reduceTraining(v, e) : v), start);
};

/** Whether the run is between Start and its first step's progress (the phase line shows). */
export const beforeFirstStep = (v: TrainingView): boolean =>
  !v.progress && (v.state === 'starting' || v.state === 'running');

const seconds = (ms: number): string => `${(Math.max(0, ms) / 1000).toFixed(1)} s`;

/**
 * What the run is doing before its first step and for how long, e.g.
 * "kernel preflight (3 of 7 node types) · 2.4 s"; undefined once steps are reported or the run
 * has ended. The time counts from Start on this page's clock (else the engine's), so it keeps
 * moving while a phase runs.
 */
export const startPhaseText = (v: TrainingView, nowMs: number): string | undefined => {
  if (!beforeFirstStep(v)) return undefined;
  const label = v.phase?.label ?? 'starting the training thread';
  const elapsed = v.startedAtMs !== undefined ? nowMs - v.startedAtMs : (v.phase?.elapsedMs ?? 0);
  return `${label} · ${seconds(elapsed)}`;
};

export const formatEta = (s: number): string => {
  if (!Number.isFinite(s) || s < 0) return '—';
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
};

/**
 * Where the run is among its stages: "stage 1 of 2 · Autoencoder · stage 2 starts at step 300".
 * Uses the run's plan from the engine (stages cut or extended to the run's steps).
 */
export const stageLine = (p: TrainProgress | undefined): string => {
  if (!p) return '';
  const stages = p.stages ?? [];
  // p.step counts the steps done; the step just run is p.step - 1 (0-based).
  const at = Math.max(0, p.step - 1);
  let i = stages.findIndex((s) => at >= s.start && at < s.start + s.steps);
  if (i < 0) i = stages.findIndex((s) => s.name === p.stageName);
  if (i < 0) return p.stageName;
  const next = stages[i + 1];
  return [
    `stage ${i + 1} of ${stages.length} · ${stages[i]!.name}`,
    ...(next ? [`stage ${i + 2} starts at step ${next.start}`] : []),
  ].join(' · ');
};

/**
 * The ETA as shown: counting down while running, frozen (and marked) while paused, gone once
 * the run has stopped, finished or failed.
 */
export const etaText = (v: TrainingView): string | undefined => {
  const p = v.progress;
  if (v.state === 'stopped' || v.state === 'finished' || v.state === 'failed') return undefined;
  if (!p) return v.state === 'starting' ? 'ETA —' : undefined;
  if (v.state === 'paused') return `ETA ${formatEta(p.etaSeconds)} (paused)`;
  return `ETA ${formatEta(p.etaSeconds)}`;
};
