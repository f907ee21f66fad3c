import { describe, expect, it } from 'vitest';
import { nodeRegistry } from '../../nodes/registry';
import { tensorType } from '../../core/shapes/tensor-type';
import type { PortSpec } from '../../core/node-contract/port-spec';
import { edgeGradient, gradientStyles } from './gradient-flow';

const port = (type: string, name: string, side: 'inputs' | 'outputs'): PortSpec => {
  const p = nodeRegistry.get(type)?.[side].find((q) => q.name === name);
  if (!p) throw new Error(`no port ${type}.${name}`);
  return p;
};
const decoderIn = port('layers/conv2d', 'x', 'inputs');

describe('edgeGradient', () => {
  it("reads the VQ-VAE quantizer's outputs: quantized straight-through, indices not differentiable", () => {
    expect(edgeGradient(port('quantize/vector-quantizer', 'quantized', 'outputs'), decoderIn)).toBe(
      'straight-through',
    );
    expect(
      edgeGradient(
        port('quantize/vector-quantizer', 'indices', 'outputs'),
        port('layers/embedding', 'indices', 'inputs'),
      ),
    ).toBe('none');
    expect(edgeGradient(port('quantize/vector-quantizer', 'codebook', 'outputs'), undefined)).toBe(
      'stop',
    );
  });

  it("marks Stop gradient's output stopped and a plain layer's output flowing", () => {
    expect(edgeGradient(port('math/stop-gradient', 'y', 'outputs'), decoderIn)).toBe('stop');
    expect(edgeGradient(port('layers/conv2d', 'y', 'outputs'), decoderIn)).toBe('flows');
    expect(edgeGradient(undefined, undefined)).toBe('flows');
  });

  it('never lets int32 or bool values or model handles carry a gradient', () => {
    const anyOut: PortSpec = { name: 'y', kind: 'tensor', gradient: 'flows' };
    expect(edgeGradient(anyOut, undefined, tensorType('int32', ['B', 7, 7]))).toBe('none');
    expect(edgeGradient(anyOut, undefined, tensorType('bool', ['B']))).toBe('none');
    expect(edgeGradient({ ...anyOut, dtype: 'int32' }, undefined)).toBe('none');
    expect(edgeGradient(port('module/handle', 'model', 'outputs'), undefined)).toBe('none');
    expect(edgeGradient(anyOut, undefined, tensorType('float32', ['B', 4]))).toBe('flows');
  });

  it('lets the target port restrict too, the most restrictive winning', () => {
    const st: PortSpec = {
      name: 'q',
      kind: 'tensor',
      dtype: 'float32',
      gradient: 'straight-through',
    };
    expect(edgeGradient(st, { kind: 'tensor', gradient: 'stop' })).toBe('stop');
    expect(edgeGradient(st, { kind: 'tensor', gradient: 'none' })).toBe('none');
    expect(edgeGradient(st, { kind: 'tensor', gradient: 'flows' })).toBe('straight-through');
  });

  it('has one legend entry per mode', () => {
    expect(gradientStyles.map((s) => s.key)).toEqual(['flows', 'straight-through', 'stop', 'none']);
  });
});
