// CI strictness (area 'ci'): every template's exported program is checked against the app's
// losses in the unit suite CI runs, with no switch that turns cases off, and the journey
// runner fails a journey that is flaky twice in a row.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordFigure } from './figures';
import {
  exportCheckCases,
  templatesWithExportCheck,
} from '../../main/engine/export/testing/export-check-cases';
import { journeyVerdict } from '../e2e/flake-policy';

const source = 'tests/reliability/ci-checks.reliability.test.ts';
const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (p: string): string => readFileSync(nodePath.join(root, p), 'utf8');

describe('CI strictness', () => {
  it('every template has an export-vs-app loss check, run by the unit suite CI runs', () => {
    const templates = readdirSync(nodePath.join(root, 'templates'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''))
      .sort();
    const checked = templatesWithExportCheck(templates);
    expect(templates.length).toBeGreaterThanOrEqual(12);
    expect([...checked].sort()).toEqual(templates);
    // Each case is small: a few steps at a small batch.
    for (const c of exportCheckCases(templates)) {
      expect(c.steps, c.name).toBeLessThanOrEqual(4);
      expect(c.batch, c.name).toBeLessThanOrEqual(8);
    }
    // The test iterates those cases with no switch around them, and CI runs the unit suite.
    const test = read('main/engine/export/export-templates.test.ts');
    expect(test).toContain('exportCheckCases(templates)');
    expect(test).not.toMatch(/process\.env\.EXPORT_ALL|\bit\.skip|describe\.skip|skipIf|runIf/);
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts['test']).toMatch(/test:unit/);
    expect(pkg.scripts['test:unit']).toMatch(/^vitest run$/);
    expect(read('.ci/run')).toMatch(/^npm test$/m);
    recordFigure({
      area: 'ci',
      label: 'templates with an export-vs-app loss check in CI',
      value: `${checked.length} / ${templates.length}`,
      target: 'all',
      pass: checked.length === templates.length,
      source,
    });
  });

  it('the journey runner fails a journey that is flaky twice in a row', () => {
    const twice = journeyVerdict([
      ['fail', 'pass'],
      ['fail', 'pass'],
    ]);
    const thenFails = journeyVerdict([
      ['fail', 'pass'],
      ['fail', 'fail'],
    ]);
    const once = journeyVerdict([['fail', 'pass'], ['pass']]);
    expect(twice).toMatchObject({ kind: 'done', fails: true });
    expect(thenFails).toMatchObject({ kind: 'done', fails: true });
    expect(once).toMatchObject({ kind: 'done', fails: false });
    // The runner uses the policy (and exits non-zero when it says so).
    const runner = read('tests/e2e/run-e2e.ts');
    expect(runner).toContain('journeyVerdict(rounds)');
    expect(runner).toMatch(/process\.exit\(failed \? 1 : 0\)/);
    recordFigure({
      area: 'ci',
      label: 'a browser journey flaky twice in a row fails the run',
      value:
        twice.kind === 'done' && twice.fails && thenFails.kind === 'done' && thenFails.fails
          ? 'yes'
          : 'no',
      target: 'yes',
      pass: twice.kind === 'done' && twice.fails,
      source,
    });
  });
});
