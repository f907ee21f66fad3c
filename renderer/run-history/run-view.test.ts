import { describe, expect, it } from 'vitest';
import {
  alignCurves,
  finalLossText,
  objectivesOf,
  runColor,
  runColors,
  runLabel,
  runTime,
  shortHash,
  stepsText,
} from './run-view';

describe('run view', () => {
  it('aligns curves of different lengths on the union of their steps', () => {
    const a = { losses: { L: { steps: [1, 2, 3], values: [3, 2, 1] } } };
    const b = { losses: { L: { steps: [2, 4], values: [5, 4] }, D: { steps: [1], values: [9] } } };
    expect(alignCurves([a, b], 'L')).toEqual({
      steps: [1, 2, 3, 4],
      values: [
        [3, 2, 1, null],
        [null, 5, null, 4],
      ],
    });
    expect(alignCurves([a, b], 'D')).toEqual({ steps: [1], values: [[null], [9]] });
    expect(objectivesOf([a, b])).toEqual(['L', 'D']);
  });

  it('gives runs distinct colours, labels, short hashes and readable numbers', () => {
    expect(new Set(runColors.map((_, i) => runColor(i))).size).toBe(runColors.length);
    expect(runColor(runColors.length)).toBe(runColor(0));
    expect(runLabel(0)).toBe('#1');
    expect(shortHash('sha256:0123456789abcdef')).toBe('01234567');
    expect(finalLossText({ finalLosses: { Reconstruction: 0.021349, D: 1.5 } })).toBe(
      'Reconstruction 0.0213 · D 1.50',
    );
    expect(finalLossText({ finalLosses: {} })).toBe('—');
    expect(
      stepsText({ step: 12, config: { batchSize: 1, seed: 0, backend: 'auto', totalSteps: 30 } }),
    ).toBe('12 / 30');
  });

  it('says when a run started', () => {
    const now = new Date(2026, 10, 3, 15, 0, 0);
    expect(runTime(new Date(2026, 10, 3, 14, 2, 9).toISOString(), now)).toBe('today 14:02:09');
    expect(runTime(new Date(2026, 10, 1, 8, 5, 0).toISOString(), now)).toBe('1 Nov 2026 08:05:00');
    expect(runTime('nonsense', now)).toBe('—');
  });
});
