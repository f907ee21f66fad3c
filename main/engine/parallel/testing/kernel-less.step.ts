// Test fixture: the app's data-parallel trainer step in a worker whose wasm backend lacks
// Conv2DBackpropFilter (unregistered before the model is built), as a backend without a
// training kernel would be.
import type { AsyncStepDefinition, Tf } from '../step-program';
import { documentTrainerStep, type DocumentTrainerConfig } from '../document-trainer.step';

export const MISSING_KERNEL = 'Conv2DBackpropFilter';

export const kernelLessTrainerStep: AsyncStepDefinition<DocumentTrainerConfig> = {
  create: (tf: Tf, config, where) => {
    if (tf.getKernel(MISSING_KERNEL, 'wasm')) tf.unregisterKernel(MISSING_KERNEL, 'wasm');
    return documentTrainerStep.create(tf, config, where);
  },
};
