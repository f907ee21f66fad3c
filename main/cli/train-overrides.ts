// `tessera train`'s overrides of what the project file says: the batch size, the checkpoint
// interval and whether previews are rendered. They apply to a copy of the document before the
// run starts (the engine compiles it as it would the file), so a run and its resume given the
// same flags train the same model on the same batches.
import type { TesseraDocument } from '../../core/document/document.types';

export interface TrainOverrides {
  /** Examples per step (the project's training.batchSize). */
  batch?: number;
  /** Steps between checkpoints; 0 writes only the final one (training.checkpointEvery). */
  checkpointEvery?: number;
  /** Render no previews (none while training, none at the end). */
  noPreviews?: boolean;
}

export const applyTrainOverrides = (doc: TesseraDocument, o: TrainOverrides): TesseraDocument => {
  if (o.batch === undefined && o.checkpointEvery === undefined && !o.noPreviews) return doc;
  // The file may not be a project at all: the engine reports that; here nothing may throw.
  const training = (doc as Partial<TesseraDocument> | null)?.training;
  return {
    ...doc,
    ...(training
      ? {
          training: {
            ...training,
            ...(o.batch !== undefined ? { batchSize: o.batch } : {}),
            ...(o.checkpointEvery !== undefined ? { checkpointEvery: o.checkpointEvery } : {}),
          },
        }
      : {}),
    ...(o.noPreviews ? { previews: {} } : {}),
  };
};
