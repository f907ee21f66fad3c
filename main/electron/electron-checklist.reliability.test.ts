// docs/electron-security.md maps every item of Electron's security checklist to code and tests:
// this test holds the page to it (20 rows in the checklist's order, every 'tested' row naming
// test files that exist, item 16's status what package.json gives) and records the counts.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { recordFigure } from '../../tests/reliability/figures';
import { repoRoot } from '../server/paths';
import {
  checklistProblems,
  electronChecklist,
  readChecklistTable,
  type ChecklistRow,
} from './testing/electron-checklist';
import { electronSupport, pinnedElectronVersion } from './electron-release';

const source = 'main/electron/electron-checklist.reliability.test.ts';
const root = repoRoot();
const exists = (p: string): boolean => existsSync(nodePath.join(root, p));
const page = readFileSync(nodePath.join(root, 'docs', 'electron-security.md'), 'utf8');

describe('docs/electron-security.md covers Electron’s security checklist', () => {
  const rows = readChecklistTable(page);

  it('has one row per item, in order, every tested row naming test files that exist', () => {
    expect(electronChecklist).toHaveLength(20);
    expect(rows.map((r) => r.number)).toEqual(electronChecklist.map((_, i) => i + 1));
    expect(checklistProblems(rows, exists)).toEqual([]);
    const tested = rows.filter((r) => r.status === 'tested');
    const skipped = rows.filter((r) => r.status === 'needs binary: skipped');
    const notMet = rows.filter((r) => r.status === 'not met');
    expect(tested.length + skipped.length + notMet.length).toBe(20);
    recordFigure({
      area: 'electron',
      label: 'checklist items mapped to code',
      value: `${rows.length} / ${electronChecklist.length}`,
      target: 'all 20',
      pass: rows.length === electronChecklist.length,
      source,
    });
    recordFigure({
      area: 'electron',
      label: 'items tested without the binary',
      value: tested.length,
      target: 'each names an existing test',
      pass: tested.every((r) => r.tests.length > 0 && r.tests.every(exists)),
      source,
    });
    recordFigure({
      area: 'electron',
      label: 'items that need the binary (skipped here)',
      value: `${skipped.length}${skipped.length ? ` (${skipped.map((r) => r.number).join(', ')})` : ''}`,
      target: 'listed, never counted as passed',
      pass: true,
      source,
    });
    recordFigure({
      area: 'electron',
      label: 'items not met',
      value: `${notMet.length}${notMet.length ? ` (${notMet.map((r) => `${r.number}: ${r.item}`).join('; ')})` : ''}`,
      target: '0',
      pass: notMet.length === 0,
      source,
    });
  });

  it("item 16's status is what the pinned Electron gives", () => {
    const row16 = rows.find((r) => r.number === 16)!;
    const support = electronSupport(pinnedElectronVersion(root));
    expect(row16.status).toBe(support.supported ? 'tested' : 'not met');
    expect(row16.code).toContain(support.pinned.replace(/^[~^]/, ''));
  });

  it('the binary checks are in a test file that skips without the binary', () => {
    const binaryTest = readFileSync(
      nodePath.join(root, 'main', 'electron', 'electron-app.binary.test.ts'),
      'utf8',
    );
    expect(binaryTest).toMatch(/describe\.skipIf\(binary === undefined\)/);
    expect(page).toContain('main/electron/electron-app.binary.test.ts');
  });

  it('the checker finds a missing row, a wrong title, an unknown status and a missing test file', () => {
    const good = readChecklistTable(page);
    const without = good.filter((r) => r.number !== 7);
    expect(checklistProblems(without, exists)).toContainEqual({
      number: 7,
      problem: '0 rows for "Define a Content-Security-Policy"',
    });
    const broken: ChecklistRow[] = good.map((r) =>
      r.number === 3
        ? { ...r, item: 'Something else' }
        : r.number === 4
          ? { ...r, status: 'fine' }
          : r.number === 5
            ? { ...r, tests: ['main/electron/no-such.test.ts'] }
            : r.number === 6
              ? { ...r, tests: [] }
              : r,
    );
    expect(checklistProblems(broken, exists)).toEqual([
      { number: 3, problem: 'the row does not name "Enable context isolation"' },
      { number: 4, problem: 'unknown status "fine"' },
      { number: 5, problem: 'main/electron/no-such.test.ts does not exist' },
      { number: 6, problem: 'tested, but names no test file' },
    ]);
  });
});
