import { afterEach, describe, expect, it, vi } from 'vitest';
import { ActiveClock, stageSpans } from './progress-schedule';

afterEach(() => vi.useRealTimers());

describe('stageSpans', () => {
  it('gives each stage its first global step, cut to the run’s steps', () => {
    const stages = [
      { id: 'a', name: 'Autoencoder', steps: 300 },
      { id: 'b', name: '', steps: 300 },
    ] as never;
    expect(stageSpans(stages)).toEqual([
      { name: 'Autoencoder', start: 0, steps: 300 },
      { name: 'b', start: 300, steps: 300 },
    ]);
    expect(stageSpans(stages, 400)).toEqual([
      { name: 'Autoencoder', start: 0, steps: 300 },
      { name: 'b', start: 300, steps: 100 },
    ]);
  });
});

describe('ActiveClock', () => {
  it('does not count the time spent paused (the ETA stays put across a pause)', () => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
    const c = new ActiveClock();
    vi.setSystemTime(2000);
    c.pause();
    vi.setSystemTime(60_000);
    expect(c.seconds()).toBe(2);
    c.resume();
    vi.setSystemTime(61_000);
    expect(c.seconds()).toBe(3);
  });
});
