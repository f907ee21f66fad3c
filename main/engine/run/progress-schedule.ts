// When a run reports progress beyond its time throttle: at every multiple of request.progressEvery.
import type { Stage } from '../../../core/document/document.types';
import type { StageSpan, TrainRequest } from '../../../core/ipc/training-messages';
import { planStages } from '../train/schedule';

export const onProgressMultiple = (request: TrainRequest, step: number): boolean =>
  request.progressEvery !== undefined &&
  request.progressEvery >= 1 &&
  step % Math.floor(request.progressEvery) === 0;

/** The run's stage plan as the UI shows it ("stage 1 of 2", "stage 2 starts at step 300"). */
export const stageSpans = (stages: readonly Stage[], steps?: number): StageSpan[] =>
  planStages(stages, steps).map((p) => ({
    name: p.stage.name || p.stage.id,
    start: p.start,
    steps: p.steps,
  }));

/** Wall time minus the time spent paused: what the steps per second and the ETA are measured on. */
export class ActiveClock {
  private readonly t0 = Date.now();
  private pausedMs = 0;
  private pausedAt: number | undefined;
  pause(): void {
    this.pausedAt ??= Date.now();
  }
  resume(): void {
    if (this.pausedAt !== undefined) this.pausedMs += Date.now() - this.pausedAt;
    this.pausedAt = undefined;
  }
  /** Seconds of running time since the clock started. */
  seconds(now = Date.now()): number {
    const paused = this.pausedMs + (this.pausedAt !== undefined ? now - this.pausedAt : 0);
    return (now - this.t0 - paused) / 1000;
  }
}
