// A new, empty project.
import { APP_VERSION } from './app-version';
import { CURRENT_FORMAT_VERSION, DOCUMENT_FORMAT, type TesseraDocument } from './document.types';

export const createEmptyDocument = (name: string): TesseraDocument => ({
  format: DOCUMENT_FORMAT,
  formatVersion: CURRENT_FORMAT_VERSION,
  appVersion: APP_VERSION,
  name,
  nodes: {},
  edges: {},
  modules: {},
  training: { seed: 0, batchSize: 32, stages: [], checkpointEvery: 0 },
  previews: {},
});
