// Folds training events into what the panel shows.
import type {
  BackendInfo,
  CheckpointInfo,
  RunState,
  TrainEvent,
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
}

export const emptyTraining: TrainingView = { losses: {}, previews: {}, checkpoints: [], logs: [] };

const maxPoints = 5000;

export const reduceTraining = (v: TrainingView, e: TrainEvent): TrainingView => {
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
  }
};

export const formatEta = (s: number): string => {
  if (!Number.isFinite(s) || s < 0) return '—';
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
};
