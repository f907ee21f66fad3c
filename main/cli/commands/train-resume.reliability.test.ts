// `tessera train FILE --resume missing.json`, as a user runs it (the real CLI process): refused
// with a message naming the file and the fix, before any worker or backend starts.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordFigure } from '../../../tests/reliability/figures';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('tessera train --resume missing.json (CLI process)', () => {
  it('exits 1 with the file and the fix, having started no run and no backend', () => {
    const missing = path.join(mkdtempSync(path.join(tmpdir(), 'resume-missing-')), 'missing.json');
    const r = spawnSync(
      process.execPath,
      ['main/cli/bin.mjs', 'train', 'templates/vq-vae.json', '--resume', missing],
      { cwd: repo, encoding: 'utf8', timeout: 60_000 },
    );
    const before =
      r.status === 1 &&
      r.stderr ===
        `error: Cannot resume from ${missing}: the file does not exist. Pass a checkpoint manifest (<run folder>/checkpoints/step-NNNNNN.json), or train without resuming to start afresh.\n` &&
      !/Run |Backend:/.test(r.stdout);
    recordFigure({
      area: 'training-faults',
      label:
        '`tessera train --resume missing.json`: a message naming the file and the fix before any backend starts',
      value: before ? 'yes' : 'no',
      target: 'yes',
      pass: before,
      source: 'main/cli/commands/train-resume.reliability.test.ts',
    });
    expect(r.stdout).not.toMatch(/Run |Backend:/);
    expect(r.stderr).toMatch(
      new RegExp(
        `^error: Cannot resume from ${missing.replace(/[.\\/]/g, '\\$&')}: the file does not exist\\.`,
      ),
    );
    expect(r.status).toBe(1);
    expect(before).toBe(true);
  });
});
