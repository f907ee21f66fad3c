// What the journey runner does after each try of a journey. A round is one try plus, if it
// fails, one retry in a fresh page: 'passed' (first try), 'flaky' (failed, then passed) or
// 'failed' (both). A flaky round is not trusted: the journey runs one more round, and a second
// flaky (or failed) round in a row fails the run, naming the journey. Pure, so a test pins it.

export type TryResult = 'pass' | 'fail';
export type RoundOutcome = 'passed' | 'flaky' | 'failed';

export type JourneyVerdict =
  | { kind: 'retry' }
  | { kind: 'run-again' }
  | { kind: 'done'; result: 'passed' | 'flaky-once' | 'failed' | 'flaky-twice'; fails: boolean };

export const triesPerRound = 2;

/** A round's outcome once it is over, or undefined while a retry is due. */
export const roundOutcome = (tries: readonly TryResult[]): RoundOutcome | undefined => {
  if (tries[0] === 'pass') return 'passed';
  if (tries.length < triesPerRound) return undefined;
  return tries[tries.length - 1] === 'pass' ? 'flaky' : 'failed';
};

/** What to do next for a journey, from the tries of its rounds so far (the last may be open). */
export const journeyVerdict = (rounds: readonly (readonly TryResult[])[]): JourneyVerdict => {
  const outcomes: RoundOutcome[] = [];
  for (const tries of rounds) {
    const o = roundOutcome(tries);
    if (o === undefined) return { kind: 'retry' };
    outcomes.push(o);
  }
  const [first, second] = outcomes;
  if (first === undefined) throw new Error('journeyVerdict needs at least one try.');
  if (first === 'passed') return { kind: 'done', result: 'passed', fails: false };
  if (first === 'failed') return { kind: 'done', result: 'failed', fails: true };
  // The first round was flaky.
  if (second === undefined) return { kind: 'run-again' };
  if (second === 'passed') return { kind: 'done', result: 'flaky-once', fails: false };
  return { kind: 'done', result: 'flaky-twice', fails: true };
};

export const verdictLine = (
  name: string,
  v: Extract<JourneyVerdict, { kind: 'done' }>,
): string | undefined => {
  if (v.result === 'flaky-once')
    return `${name}: flaky (failed, then passed on retry), then passed a second round`;
  if (v.result === 'flaky-twice')
    return `${name}: flaky twice in a row (or flaky, then failing): treated as a failure`;
  if (v.result === 'failed') return `${name}: failed twice`;
  return undefined;
};
