// module/output: one output port of a module; whatever feeds it is what callers receive.
import { defineNode } from '../../core/node-contract/node-definition';
import { MODULE_IO_PORT, MODULE_OUTPUT } from '../../core/graph/module-types';
import { builtByEngine } from './built-by-engine';

export const moduleOutputNode = defineNode({
  id: MODULE_OUTPUT,
  version: 1,
  title: 'Module Output',
  category: 'module',
  role: 'module-io',
  doc: 'An output port of the module it sits in. Callers read the port of this name on a Module Instance.',
  inputs: [
    {
      name: MODULE_IO_PORT,
      label: 'value',
      kind: 'tensor',
      doc: 'The value the module returns on this port.',
    },
  ],
  outputs: [],
  params: {
    name: {
      kind: 'string',
      default: 'y',
      doc: 'Port name on the module (unique among its outputs).',
    },
  },
  inferShapes: () => ({ outputs: {}, diagnostics: [] }),
  build: builtByEngine(MODULE_OUTPUT),
});
