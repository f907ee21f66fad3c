// One event of a training run, as the engine reports it and the UI receives it.
import type { CheckpointInfo, TrainPreview, TrainProgress, TrainStatus } from './training-messages';

export type TrainEvent =
  | { type: 'progress'; progress: TrainProgress }
  | { type: 'preview'; preview: TrainPreview }
  | { type: 'status'; status: TrainStatus }
  | { type: 'checkpoint'; runId: string; checkpoint: CheckpointInfo };
