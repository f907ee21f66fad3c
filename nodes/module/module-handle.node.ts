// module/handle: puts a module on a 'model' edge, so control-flow nodes (samplers, EMA) can call it.
import { defineNode } from '../../core/node-contract/node-definition';
import { MODULE_HANDLE, MODULE_HANDLE_PORT } from '../../core/graph/module-types';
import { builtByEngine } from './built-by-engine';

export const moduleHandleNode = defineNode({
  id: MODULE_HANDLE,
  version: 1,
  title: 'Module Handle',
  category: 'module',
  role: 'layer',
  doc: "Passes a module along an edge as a callable model handle (like ComfyUI's MODEL), for samplers that call a denoiser T times or a transformer once per token.",
  inputs: [],
  outputs: [
    { name: MODULE_HANDLE_PORT, label: 'model', kind: 'model', doc: 'The module, callable.' },
  ],
  params: {
    module: { kind: 'string', default: '', doc: 'Id of the module to pass along.' },
  },
  // The shapes pass computes the handle type from the module; this is never called by it.
  inferShapes: () => ({
    outputs: {},
    diagnostics: [{ severity: 'error', message: 'Module handles are typed by the compiler.' }],
  }),
  build: builtByEngine(MODULE_HANDLE),
});
