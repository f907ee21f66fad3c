// module/input: one input port of a module, seen from inside as a value source.
// Its type comes from the first Module Instance that calls the module, or from `shape`.
import { defineNode, type ShapeResult } from '../../core/node-contract/node-definition';
import { MODULE_INPUT, MODULE_IO_PORT, parseDeclaredShape } from '../../core/graph/module-types';
import { tensorType, type DType } from '../../core/shapes/tensor-type';
import { builtByEngine } from './built-by-engine';

export const moduleInputNode = defineNode({
  id: MODULE_INPUT,
  version: 1,
  title: 'Module Input',
  category: 'module',
  role: 'module-io',
  doc: 'An input port of the module it sits in. Callers connect to the port of this name on a Module Instance. Its shape comes from the first instance, unless you declare one (needed when the module is only called through a Module Handle).',
  inputs: [],
  outputs: [
    {
      name: MODULE_IO_PORT,
      label: 'value',
      kind: 'tensor',
      doc: 'The value the caller passes in.',
    },
  ],
  params: {
    name: {
      kind: 'string',
      default: 'x',
      doc: 'Port name on the module (unique among its inputs).',
    },
    shape: {
      kind: 'string',
      default: '',
      doc: 'Declared shape, e.g. "B, 28, 28, 1"; empty takes it from the first Module Instance.',
    },
    dtype: {
      kind: 'enum',
      default: 'float32',
      options: ['float32', 'int32', 'bool'],
      doc: 'Declared dtype (used with shape).',
    },
  },
  inferShapes: ({ params }): ShapeResult => {
    const parsed = parseDeclaredShape(params.shape);
    if (parsed.error)
      return {
        outputs: {},
        diagnostics: [{ severity: 'error', message: `shape: ${parsed.error}.` }],
      };
    if (!parsed.shape)
      return {
        outputs: {},
        diagnostics: [
          {
            severity: 'error',
            message: `Input "${params.name}" has no shape: call the module through a Module Instance, or set shape (e.g. "B, 28, 28, 1").`,
          },
        ],
      };
    return {
      outputs: { [MODULE_IO_PORT]: tensorType(params.dtype as DType, parsed.shape) },
      diagnostics: [],
    };
  },
  build: builtByEngine(MODULE_INPUT),
});
