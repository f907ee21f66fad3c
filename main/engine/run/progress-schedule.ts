// When a run reports progress beyond its time throttle: at every multiple of request.progressEvery.
import type { TrainRequest } from '../../../core/ipc/training-messages';

export const onProgressMultiple = (request: TrainRequest, step: number): boolean =>
  request.progressEvery !== undefined &&
  request.progressEvery >= 1 &&
  step % Math.floor(request.progressEvery) === 0;
