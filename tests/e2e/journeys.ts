// The user journeys, asserting on what a person sees (one file per journey or theme).
export type { Journey } from './journey';
export { newUserJourney, startUrlOpensTemplate } from './new-user.journey';
export {
  badFileShowsDiagnostics,
  cycleRefused,
  templateDrop,
  undoRestoresDeleted,
} from './editing.journeys';
export { studioTour } from './tour.journey';
export { modulesJourney } from './modules.journey';
export { buildByHand } from './build-by-hand.journey';
export { posixLocaleRenders, trainingDisplay, workspaceReopens } from './workspace.journey';
export { layoutJourney } from './layout.journey';
export { recoveryAfterKill } from './recovery.journey';
export { datasetPreview } from './dataset-preview.journey';
export { galleryJourney } from './gallery.journey';
export { runsJourney } from './runs.journey';
export { startPhasesJourney } from './start-phases.journey';
