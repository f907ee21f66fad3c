// The module nodes: instances and handles are emitted by emit-graph.ts (a call of the module's
// nn.Module class, or a reference to the shared one), inputs and outputs become the forward's
// arguments and results. Their entries here only say that they have a form.
import type { TorchForm } from './torch-form';

const emittedByGraph: TorchForm = {
  kind: 'op',
  forward: () => ({ outputs: {} }),
};

export const moduleForms: Record<string, TorchForm> = {
  'module/input': emittedByGraph,
  'module/output': emittedByGraph,
  'module/instance': emittedByGraph,
  'module/handle': emittedByGraph,
};
