import { describe, it, expect } from 'vitest';
import { journeyVerdict, roundOutcome, verdictLine, type TryResult } from '../e2e/flake-policy';

const P: TryResult = 'pass';
const F: TryResult = 'fail';

describe('the journey runner’s flake policy', () => {
  it('a round: a first-try pass, a retry after a failure, flaky or failed when over', () => {
    expect(roundOutcome([P])).toBe('passed');
    expect(roundOutcome([F])).toBeUndefined();
    expect(roundOutcome([F, P])).toBe('flaky');
    expect(roundOutcome([F, F])).toBe('failed');
  });

  it('passes a journey that passes at once; fails one that fails twice', () => {
    expect(journeyVerdict([[P]])).toEqual({ kind: 'done', result: 'passed', fails: false });
    expect(journeyVerdict([[F]])).toEqual({ kind: 'retry' });
    expect(journeyVerdict([[F, F]])).toEqual({ kind: 'done', result: 'failed', fails: true });
  });

  it('runs a flaky journey once more: a clean pass then is flaky once (the run passes)', () => {
    expect(journeyVerdict([[F, P]])).toEqual({ kind: 'run-again' });
    expect(journeyVerdict([[F, P], [F]])).toEqual({ kind: 'retry' });
    expect(journeyVerdict([[F, P], [P]])).toEqual({
      kind: 'done',
      result: 'flaky-once',
      fails: false,
    });
  });

  it('flaky twice in a row, or flaky then failing, fails the run', () => {
    const twice = journeyVerdict([
      [F, P],
      [F, P],
    ]);
    expect(twice).toEqual({ kind: 'done', result: 'flaky-twice', fails: true });
    expect(
      journeyVerdict([
        [F, P],
        [F, F],
      ]),
    ).toEqual({ kind: 'done', result: 'flaky-twice', fails: true });
    if (twice.kind === 'done')
      expect(verdictLine('layout', twice)).toMatch(/^layout: flaky twice in a row/);
  });

  it('names nothing for a clean pass, and refuses an empty history', () => {
    expect(verdictLine('x', { kind: 'done', result: 'passed', fails: false })).toBeUndefined();
    expect(() => journeyVerdict([])).toThrow(/at least one try/);
  });
});
