// The shape tests every reduction node built by reduce-node.ts must pass (Mean, Sum): the same
// builder, so the same axes, keepDims and diagnostics; each node's test adds its own values.
import { it, expect } from 'vitest';
import type { AnyNodeDefinition } from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { infer } from '../../shared/test-kit';

const x4 = tensorType('float32', ['B', 7, 7, 64]);

export const reduceShapeTests = (node: AnyNodeDefinition): void => {
  it('drops or keeps the reduced axes, negative axes included, symbolic dims kept', () => {
    expect(infer(node, { x: x4 }, { axes: [1, 2] }).outputs['y']).toEqual(
      tensorType('float32', ['B', 64]),
    );
    expect(infer(node, { x: x4 }, { axes: [-3, -2], keepDims: true }).outputs['y']).toEqual(
      tensorType('float32', ['B', 1, 1, 64]),
    );
    expect(infer(node, { x: x4 }).outputs['y']).toEqual(tensorType('float32', []));
    expect(infer(node, { x: x4 }, { keepDims: true }).outputs['y']).toEqual(
      tensorType('float32', [1, 1, 1, 1]),
    );
  });

  it('reports an out-of-range or repeated axis on x', () => {
    const r = infer(node, { x: x4 }, { axes: [4] });
    expect(r.outputs).toEqual({});
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', port: 'x' });
    expect(r.diagnostics[0]?.message).toMatch(/Axis 4 .*rank-4 .*-4 to 3/);
    expect(infer(node, { x: x4 }, { axes: [-5] }).diagnostics).toHaveLength(1);
    expect(infer(node, { x: x4 }, { axes: [3, -1] }).diagnostics[0]?.message).toMatch(/twice/);
    expect(infer(node, {}).diagnostics[0]?.port).toBe('x');
  });
};
