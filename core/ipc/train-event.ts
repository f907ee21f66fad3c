// One event of a training run: the engine's TrainEvent (core/ipc/training-messages.ts).
export type { TrainEvent } from './training-messages';
