// A run on a backend that lacks a kernel the project needs stops before the first step,
// naming the node and the kernel, instead of failing mid-training.
import { describe, it, expect } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { TrainEvent } from '../../../core/ipc/training-messages';
import { initBackend } from '../backend/select-backend';
import { smallVqVae } from '../testing/engine-fixtures';
import { runTraining } from './run-training';

describe('runTraining kernel preflight', () => {
  it('refuses to train when the active backend lacks a gradient kernel, naming node and kernel', async () => {
    await initBackend({ backend: 'wasm' });
    const kernel = tf.getKernel('Conv2DBackpropFilter', 'wasm');
    expect(kernel).toBeDefined();
    tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
    try {
      const events: TrainEvent[] = [];
      const status = await runTraining(
        'kernel-run',
        { document: smallVqVae({ steps: 5, batchSize: 4 }), backend: 'wasm' },
        (e) => events.push(e),
      );
      expect(status.state).toBe('failed');
      expect(status.message).toMatch(/wasm backend lacks \d+ kernel\(s\)/);
      expect(status.message).toMatch(/Conv2DBackpropFilter/);
      expect(events.some((e) => e.type === 'progress')).toBe(false);
      expect(
        events.some((e) => e.type === 'log' && e.level === 'error' && /Encoder/.test(e.message)),
      ).toBe(true);
    } finally {
      if (kernel) tf.registerKernel(kernel);
    }
  });
});
