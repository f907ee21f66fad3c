// How a run speaks: log lines and status events, each status carrying the backend and the last
// checkpoint known so far. Shared by the one-worker and the data-parallel run loops.
import type { BackendInfo, TrainEvent, TrainStatus } from '../../../core/ipc/training-messages';

export interface RunReporter {
  log(level: 'info' | 'warning' | 'error', message: string): void;
  status(s: Omit<TrainStatus, 'runId'>): TrainStatus;
  /** Set once the backend is chosen; every later status names it. */
  backend?: BackendInfo;
  /** The last checkpoint written (or resumed from); every later status names it. */
  checkpoint?: string;
}

export const createRunReporter = (runId: string, emit: (e: TrainEvent) => void): RunReporter => {
  const reporter: RunReporter = {
    log: (level, message) => emit({ type: 'log', runId, level, message }),
    status: (s) => {
      const st: TrainStatus = {
        runId,
        ...(reporter.backend ? { backend: reporter.backend } : {}),
        ...(reporter.checkpoint ? { checkpoint: reporter.checkpoint } : {}),
        ...s,
      };
      emit({ type: 'status', ...st });
      return st;
    },
  };
  return reporter;
};
