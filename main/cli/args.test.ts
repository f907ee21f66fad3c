import { describe, it, expect } from 'vitest';
import { parseCommandArgs } from './args';
import { parseTrainArgs } from './commands/train.command';

describe('CLI argument parsing', () => {
  it('parses train flags, defaults the backend, and accepts -o', () => {
    expect(parseTrainArgs(['p.json'])).toEqual({
      errors: [],
      options: { file: 'p.json', backend: 'auto', overrides: {} },
    });
    expect(
      parseTrainArgs([
        'p.json',
        '--steps',
        '300',
        '--backend',
        'wasm',
        '-o',
        'out',
        '--resume',
        'c.json',
      ]).options,
    ).toEqual({
      file: 'p.json',
      steps: 300,
      backend: 'wasm',
      out: 'out',
      resume: 'c.json',
      overrides: {},
    });
    expect(parseTrainArgs(['--steps=5', 'p.json']).options?.steps).toBe(5);
  });

  it('reports mistakes as messages naming the fix', () => {
    expect(parseTrainArgs([]).errors).toEqual(['Missing argument: expected a file.']);
    expect(parseTrainArgs(['p.json', '--steps', 'ten']).errors[0]).toMatch(
      /--steps needs a number; got "ten"/,
    );
    expect(parseTrainArgs(['p.json', '--steps', '0']).errors[0]).toMatch(/at least 1/);
    expect(parseTrainArgs(['p.json', '--steps', '2.5']).errors[0]).toMatch(/whole number/);
    expect(parseTrainArgs(['p.json', '--backend', 'gpu']).errors[0]).toMatch(
      /one of auto, tensorflow, wasm, cpu/,
    );
    expect(parseTrainArgs(['p.json', '--bogus']).errors[0]).toMatch(/bogus/);
    expect(parseTrainArgs(['a.json', 'b.json']).errors[0]).toMatch(/Unexpected argument "b.json"/);
    expect(
      parseCommandArgs(['x', '--flag'], { flag: { kind: 'boolean' } }, { min: 1, max: 1 }).flags
        .flag,
    ).toBe(true);
  });
});
