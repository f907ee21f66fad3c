import { describe, it, expect } from 'vitest';
import {
  moduleNodes,
  moduleInputNode,
  moduleInstanceNode,
  moduleHandleNode,
  moduleOutputNode,
} from '.';
import { withDefaults } from '../../core/node-contract/param-spec';
import { createRegistry } from '../../core/node-contract/node-definition';
import { testEnv } from '../../core/graph/testing/fake-nodes';

describe('module nodes', () => {
  it('registers the four module node types with stable ids', () => {
    expect(moduleNodes.map((d) => d.id)).toEqual([
      'module/input',
      'module/output',
      'module/instance',
      'module/handle',
    ]);
    expect(() => createRegistry(moduleNodes)).not.toThrow();
    expect(moduleInputNode.role).toBe('module-io');
    expect(moduleOutputNode.role).toBe('module-io');
  });

  it('declares the params the compiler and the engine read', () => {
    expect(withDefaults(moduleInstanceNode.params, {})).toEqual({
      module: '',
      weights: 'copy',
      emaDecay: 0.999,
    });
    expect(moduleInstanceNode.params.weights).toMatchObject({
      kind: 'enum',
      options: ['shared', 'copy', 'ema'],
    });
    expect(withDefaults(moduleHandleNode.params, {})).toEqual({ module: '' });
    expect(moduleHandleNode.outputs).toEqual([
      expect.objectContaining({ name: 'model', kind: 'model' }),
    ]);
    expect(moduleInstanceNode.inputs).toEqual([]);
    expect(moduleInstanceNode.outputs).toEqual([]);
  });

  it('types a Module Input from its declared shape, or says how to give it one', () => {
    const infer = (shape: string) =>
      moduleInputNode.inferShapes({
        nodeId: 'in',
        params: withDefaults(moduleInputNode.params, { name: 'x', shape }) as never,
        inputs: {},
        env: testEnv,
      });
    expect(infer('B, 28, 28, 1')).toEqual({
      outputs: { value: { kind: 'tensor', dtype: 'float32', shape: ['B', 28, 28, 1] } },
      diagnostics: [],
    });
    expect(infer('').diagnostics[0]!.message).toContain('set shape');
    expect(infer('B, -1').diagnostics[0]!.message).toContain('"-1" is not a dim');
  });

  it('leaves building to the engine', () => {
    expect(() => moduleInstanceNode.build({} as never, {} as never, {} as never)).toThrow(
      /built by the engine/,
    );
  });
});
