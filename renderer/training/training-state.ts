// Folds training events into what the panel shows.
import type { TrainEvent } from '../../core/ipc/train-event';
import type { BackendInfo, CheckpointInfo, RunState, TrainPreview, TrainProgress } from '../../core/ipc/training-messages';

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
  failure?: { step: number; nodeId?: string; objective?: string };
}

export const emptyTraining: TrainingView = { losses: {}, previews: {}, checkpoints: [] };

const maxPoints = 5000;

export const reduceTraining = (v: TrainingView, e: TrainEvent): TrainingView => {
  const runId = e.type === 'progress' ? e.progress.runId : e.type === 'preview' ? e.preview.runId : e.type === 'status' ? e.status.runId : e.runId;
  if (v.runId !== undefined && runId !== v.runId) return v;
  switch (e.type) {
    case 'status':
      return {
        ...v,
        state: e.status.state,
        message: e.status.message,
        backend: e.status.backend ?? v.backend,
        failure: e.status.failure ?? v.failure,
      };
    case 'progress': {
      const losses = { ...v.losses };
      for (const [name, value] of Object.entries(e.progress.losses)) {
        const prev = losses[name] ?? { steps: [], values: [] };
        const steps = [...prev.steps, e.progress.step].slice(-maxPoints);
        const values = [...prev.values, value].slice(-maxPoints);
        losses[name] = { steps, values };
      }
      return { ...v, progress: e.progress, losses, state: v.state === 'starting' || v.state === undefined ? 'running' : v.state };
    }
    case 'preview':
      return { ...v, previews: { ...v.previews, [e.preview.previewId]: e.preview } };
    case 'checkpoint':
      return { ...v, checkpoints: [...v.checkpoints, e.checkpoint] };
  }
};

export const formatEta = (s: number): string => {
  if (!Number.isFinite(s) || s < 0) return '—';
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
};
