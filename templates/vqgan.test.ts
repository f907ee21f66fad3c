// The VQGAN template compiles cleanly, wires the paper's structure, and (when the trainer is there) trains.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileDocument } from '../core/graph/compile';
import type { TesseraDocument } from '../core/document/document.types';
import { nodeRegistry } from '../nodes/registry';
import { createShapeEnv } from '../main/engine/data/data-provider';

const load = (): TesseraDocument => JSON.parse(readFileSync(new URL('./vqgan.json', import.meta.url), 'utf8')) as TesseraDocument;

describe('VQGAN template', () => {
  it('compiles cleanly: 28x28 images -> 7x7 codes -> 28x28 reconstructions; prior logits over K codes', () => {
    const r = compileDocument(load(), nodeRegistry, createShapeEnv());
    expect(r.diagnostics).toEqual([]);
    const nodes = r.program!.graph.nodes;
    expect(nodes['vq']?.outputTypes['indices']).toEqual({ kind: 'tensor', dtype: 'int32', shape: ['B', 7, 7] });
    expect(nodes['dec']?.outputTypes['image']).toEqual({ kind: 'tensor', dtype: 'float32', shape: ['B', 28, 28, 1] });
    expect(nodes['prior']?.outputTypes['logits']).toEqual({ kind: 'tensor', dtype: 'float32', shape: ['B', 49, 64] });
    expect(nodes['dec-sample']?.outputTypes['image']).toEqual({ kind: 'tensor', dtype: 'float32', shape: ['B', 28, 28, 1] });
  });
});
