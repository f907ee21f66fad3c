import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfjs from '@tensorflow/tfjs';
import { compileDocument } from '../../../core/graph/compile';
import { nestedModulesDoc as doc } from './testing/nested-modules-doc';
import { nodeRegistry } from '../../../nodes/registry';
import { initBackend } from '../backend/select-backend';
import { createDataProvider, createShapeEnv } from '../data/data-provider';
import { Trainer } from '../train/trainer';
import { buildProgram } from './build-program';

let tf: typeof tfjs;
beforeAll(async () => {
  tf = (await initBackend({ backend: 'wasm' })).tf;
});

describe('nested, parameterised modules in the engine', () => {
  it('builds copies inside copies under nested weight keys, and trains them all', async () => {
    const r = compileDocument(doc(), nodeRegistry, createShapeEnv());
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const built = await buildProgram(tf, r.program!, { data: createDataProvider(), seed: 5 });
    const keys = [...built.weights().keys()].sort();
    expect(keys).toEqual([
      'st/b1/enc/down0.bias',
      'st/b1/enc/down0.kernel',
      'st/b1/enc/out.bias',
      'st/b1/enc/out.kernel',
      'st/b2/enc/down0.bias',
      'st/b2/enc/down0.kernel',
      'st/b2/enc/out.bias',
      'st/b2/enc/out.kernel',
    ]);
    // Each nested block has the kernel its own width gives: 3 then 6 channels.
    expect(built.weights().get('st/b1/enc/out.kernel')!.shape).toEqual([1, 1, 3, 3]);
    expect(built.weights().get('st/b2/enc/out.kernel')!.shape).toEqual([1, 1, 6, 6]);
    // The objective names the stage module: every nested weight is trained.
    expect([...built.resolveWeights(['stage(width=3)']).keys()].sort()).toEqual(keys);
    // '*' (every weight, the default objective of a hand-built graph) names the same set here.
    expect([...built.resolveWeights(['*']).keys()].sort()).toEqual(keys);
    const before = built.weights().get('st/b1/enc/down0.kernel')!.dataSync().slice();
    const t = new Trainer(built);
    const losses: number[] = [Object.values(t.runStep().losses)[0]!];
    const tensors = tf.memory().numTensors; // after the first step made Adam's slots
    for (let i = 1; i < 20; i++) losses.push(Object.values(t.runStep().losses)[0]!);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(built.weights().get('st/b1/enc/down0.kernel')!.dataSync()).not.toEqual(before);
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! * 0.9);
    built.dispose();
  });
});
