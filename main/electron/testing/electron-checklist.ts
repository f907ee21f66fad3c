// Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security,
// "Checklist: Security recommendations", 20 items as read on 2026-12-01), and a reader for the
// table in docs/electron-security.md that maps each item to Tessera's code and tests.

export const electronChecklist: readonly string[] = [
  'Only load secure content',
  'Do not enable Node.js integration for remote content',
  'Enable context isolation',
  'Enable process sandboxing',
  'Handle session permission requests from remote content',
  'Do not disable webSecurity',
  'Define a Content-Security-Policy',
  'Do not enable allowRunningInsecureContent',
  'Do not enable experimental features',
  'Do not use enableBlinkFeatures',
  '<webview>: Do not use allowpopups',
  '<webview>: Verify options and params',
  'Disable or limit navigation',
  'Disable or limit creation of new windows',
  'Do not use shell.openExternal with untrusted content',
  'Use a current version of Electron',
  'Validate the sender of all IPC messages',
  'Avoid usage of the file:// protocol and prefer usage of custom protocols',
  'Check which fuses you can change',
  'Do not expose Electron APIs to untrusted web content',
];

export const checklistStatuses = ['tested', 'needs binary: skipped', 'not met'] as const;
export type ChecklistStatus = (typeof checklistStatuses)[number];

export interface ChecklistRow {
  number: number;
  item: string;
  code: string;
  /** The test files the row names (`path.test.ts` or `path.journey.ts` in backticks). */
  tests: string[];
  status: string;
}

const cells = (line: string): string[] =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());

/** The numbered rows of the page's table: | # | item | code | test | status |. */
export const readChecklistTable = (markdown: string): ChecklistRow[] =>
  markdown
    .split('\n')
    .filter((l) => /^\|\s*\d+\s*\|/.test(l))
    .map((l) => {
      const [n = '', item = '', code = '', test = '', status = ''] = cells(l);
      return {
        number: Number(n),
        item: item.replace(/`/g, ''),
        code,
        tests: [...test.matchAll(/`([^`]+\.(?:test\.tsx?|journey\.ts))`/g)].map((m) => m[1]!),
        status: status.replace(/\*/g, '').trim(),
      };
    });

export interface ChecklistProblem {
  number: number;
  problem: string;
}

/** What is wrong with the table: missing or extra items, unknown statuses, tested rows without a test. */
export const checklistProblems = (
  rows: readonly ChecklistRow[],
  fileExists: (path: string) => boolean,
): ChecklistProblem[] => {
  const problems: ChecklistProblem[] = [];
  electronChecklist.forEach((title, i) => {
    const matches = rows.filter((r) => r.number === i + 1);
    if (matches.length !== 1)
      problems.push({ number: i + 1, problem: `${matches.length} rows for "${title}"` });
    else if (!matches[0]!.item.includes(title))
      problems.push({ number: i + 1, problem: `the row does not name "${title}"` });
  });
  for (const r of rows) {
    if (r.number < 1 || r.number > electronChecklist.length)
      problems.push({ number: r.number, problem: 'not an item of the checklist' });
    if (!(checklistStatuses as readonly string[]).includes(r.status))
      problems.push({ number: r.number, problem: `unknown status "${r.status}"` });
    if (r.code === '' || r.code === '-')
      problems.push({ number: r.number, problem: 'names no code' });
    if (r.status === 'tested' && r.tests.length === 0)
      problems.push({ number: r.number, problem: 'tested, but names no test file' });
    for (const t of r.tests)
      if (!fileExists(t)) problems.push({ number: r.number, problem: `${t} does not exist` });
  }
  return problems;
};
