import { describe, expect, it } from 'vitest';
import { tensorType } from '../../core/shapes/tensor-type';
import { diffusionNodes } from '../library-diffusion';
import { infer } from '../shared/test-kit';

describe('diffusion node library', () => {
  it('declares every node completely: diffusion category, version 1, paper, emit, ports typed', () => {
    expect(diffusionNodes.map((d) => d.id)).toEqual([
      'diffusion/noise-schedule',
      'diffusion/diffusion-step',
      'diffusion/condition-dropout',
      'diffusion/diffusion-loss',
      'diffusion/ddpm-sampler',
      'diffusion/ddim-sampler',
      'diffusion/guidance-sweep',
      'diffusion/diagonal-gaussian',
    ]);
    for (const d of diffusionNodes) {
      expect(d.category).toBe('diffusion');
      expect(d.version).toBe(1);
      expect(d.paper?.url).toMatch(/^https:\/\/arxiv.org\//);
      expect(d.emit?.layerModule).toBe(`${d.id}/${d.id.split('/')[1]}.layer`);
      expect(d.doc).toMatch(/diffusers/);
      for (const port of [...d.inputs, ...d.outputs]) expect(port.gradient).toBeDefined();
    }
    expect(diffusionNodes.filter((d) => d.role === 'sampler').length).toBe(3);
  });

  it('inferShapes never throws on missing, wrong-kind or odd inputs and bad params', () => {
    const odd = [
      {},
      { x0: tensorType('float32', []), condition: tensorType('float32', []) },
      {
        model: tensorType('float32', ['B', 4]),
        x0: { kind: 'model', moduleId: 'm', inputs: {}, outputs: {} },
        condition: { kind: 'model', moduleId: 'm', inputs: {}, outputs: {} },
        prediction: tensorType('float32', []),
        t: tensorType('int32', []),
      },
      { model: { kind: 'model', moduleId: 'm', inputs: {}, outputs: {} } },
    ];
    for (const d of diffusionNodes)
      for (const inputs of odd)
        for (const given of [{}, { steps: 0, samplingSteps: 0, betaStart: -1 }, { p: 2 }]) {
          const r = infer(d, inputs as never, given);
          expect(Array.isArray(r.diagnostics)).toBe(true);
          for (const diag of r.diagnostics) expect(diag.message.length).toBeGreaterThan(10);
        }
  });
});
