import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { warmUp, warmUpDocument } from './warm-up';

describe('warmUp', () => {
  it('runs backend, graph, build, preflight and a step of a small document, leaving no tensor', async () => {
    const doc = warmUpDocument();
    expect(doc.training.batchSize).toBe(2);
    expect(doc.training.stages.map((s) => s.steps)).toEqual([1]);
    expect(doc.previews).toEqual({});
    await tf.ready();
    const before = tf.memory().numTensors;
    const r = await warmUp(() => false);
    expect(r).toEqual({ done: ['backend', 'graph', 'build', 'preflight', 'step'] });
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops between stages once cancelled', async () => {
    let checks = 0;
    const r = await warmUp(() => ++checks >= 2);
    expect(r).toEqual({ done: ['backend', 'graph'], stopped: 'cancelled' });
  });
});
