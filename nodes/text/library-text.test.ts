import { describe, expect, it } from 'vitest';
import { tensorType } from '../../core/shapes/tensor-type';
import { textNodes } from '../library-text';
import { infer } from '../shared/test-kit';

describe('text node library', () => {
  it('declares every node completely: data category, version 1, paper, emit, ports typed', () => {
    expect(textNodes.map((d) => d.id)).toEqual([
      'text/class-captions',
      'text/prompts',
      'text/tokenizer',
      'sample/text-sampler',
    ]);
    for (const d of textNodes.filter((n) => n.id.startsWith('text/'))) {
      expect(d.category).toBe('data');
      expect(d.version).toBe(1);
      expect(d.paper?.url).toMatch(/^https:\/\/arxiv.org\//);
      expect(d.emit?.layerModule).toBe(`${d.id}/${d.id.split('/')[1]}.layer`);
      for (const port of [...d.inputs, ...d.outputs]) expect(port.gradient).toBe('none');
    }
  });

  it('declares the text sampler as a sampler over a model handle, its text not differentiable', () => {
    const sampler = textNodes.find((d) => d.id === 'sample/text-sampler')!;
    expect(sampler).toMatchObject({ category: 'sample', role: 'sampler', version: 1 });
    expect(sampler.paper?.url).toMatch(/^https:\/\//);
    expect(sampler.emit?.layerModule).toBe('transformer/text-sampler/text-sampler.layer');
    expect(sampler.inputs.map((port) => port.kind)).toEqual(['model']);
    for (const port of sampler.outputs) expect(port.gradient ?? 'none').toBe('none');
  });

  it('inferShapes never throws on missing, wrong-kind or odd inputs and bad params', () => {
    const handle = { kind: 'model', moduleId: 'm', inputs: {}, outputs: {} };
    const odd = [
      {},
      { label: tensorType('int32', []), text: tensorType('int32', []) },
      { label: handle, text: handle },
      { label: tensorType('float32', ['B', 3]), text: tensorType('bool', ['B', 'S']) },
    ];
    for (const d of textNodes)
      for (const inputs of odd)
        for (const given of [{}, { set: 'nope', vocabulary: 'nope', prompts: '' }, { width: 1 }]) {
          const r = infer(d, inputs as never, given);
          expect(Array.isArray(r.diagnostics)).toBe(true);
          for (const diag of r.diagnostics) expect(diag.message.length).toBeGreaterThan(10);
        }
  });
});
