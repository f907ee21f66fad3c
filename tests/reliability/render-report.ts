// docs/reliability.md from the figures the *.reliability.test.ts files record (figures.ts):
// a short introduction (what the page is, the command, the machine, the date, the load), then
// one section per area in the order of ReliabilityArea. Pure: scripts/reliability.ts gathers
// the inputs and writes the page.
import type { ReliabilityArea, ReliabilityFigure } from './figures';

/** Every area, in the report's order (the type's order); the check below keeps it complete. */
export const reliabilityAreas = [
  'web-shell',
  'bounds',
  'files',
  'recovery',
  'training-faults',
  'custom-code',
  'electron',
  'ci',
] as const satisfies readonly ReliabilityArea[];
type MissingArea = Exclude<ReliabilityArea, (typeof reliabilityAreas)[number]>;
const everyAreaListed: [MissingArea] extends [never] ? true : MissingArea = true;
void everyAreaListed;

export const areaTitles: Record<ReliabilityArea, string> = {
  'web-shell': 'Web shell',
  bounds: 'Bounds',
  files: 'Files',
  recovery: 'Crash recovery',
  'training-faults': 'Training faults',
  'custom-code': 'Custom code',
  electron: 'Electron',
  ci: 'CI',
};

export interface ReportMachine {
  cpuModel: string;
  cpuCount: number;
  totalMemBytes: number;
  /** os.loadavg() when the run started: 1, 5 and 15 minutes. */
  loadAverage: readonly number[];
}

export interface ReportInput {
  figures: readonly ReliabilityFigure[];
  machine: ReportMachine;
  /** When the run started (ISO 8601). */
  date: string;
  command: string;
  durationS: number;
  /** The test run's exit status (0 when every reliability test passed). */
  testExitCode: number;
  /** The repository root, to show sources as repository paths. */
  root: string;
  /** Lines of the figures file that were not figures. */
  unreadLines?: number;
}

/** A source as a repository path: file URLs and absolute paths under the root lose the root. */
export const sourcePath = (source: string, root: string): string => {
  let s = source.startsWith('file://') ? decodeURIComponent(new URL(source).pathname) : source;
  const r = root.endsWith('/') ? root : `${root}/`;
  if (s.startsWith(r)) s = s.slice(r.length);
  return s;
};

/** Text safe inside a table cell: one line, pipes escaped. */
export const cell = (v: unknown): string =>
  String(v).replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();

const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

const table = (figures: readonly ReliabilityFigure[], root: string): string[] => [
  '| Label | Value | Target | Pass | Source |',
  '| --- | --- | --- | --- | --- |',
  ...figures.map(
    (f) =>
      `| ${cell(f.label)} | ${cell(f.value)} | ${cell(f.target ?? '')} | ${f.pass ? 'yes' : '**no**'} | \`${cell(sourcePath(f.source, root))}\` |`,
  ),
];

/** Figures of one area, grouped by source file (files run in parallel, so their order varies). */
const ofArea = (figures: readonly ReliabilityFigure[], area: string, root: string) =>
  figures
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => f.area === area)
    .sort(
      (a, b) =>
        sourcePath(a.f.source, root).localeCompare(sourcePath(b.f.source, root)) || a.i - b.i,
    )
    .map(({ f }) => f);

export const renderReliabilityReport = (input: ReportInput): string => {
  const { figures, machine, root } = input;
  const failing = figures.filter((f) => !f.pass).length;
  const lines: string[] = [
    '# Reliability',
    '',
    'What Tessera measures about its own reliability, one section per area of the reliability',
    'work: each figure comes from a `*.reliability.test.ts` file, which also asserts it (those',
    'files run under plain `npm test` too). This page is generated: do not edit it by hand.',
    '',
    `- Command: \`${input.command}\` (runs \`npx vitest run reliability\` and writes this page)`,
    `- Machine: ${machine.cpuCount} × ${machine.cpuModel}, ${gib(machine.totalMemBytes)} memory`,
    `- Date: ${input.date}; took ${Math.round(input.durationS)} s`,
    `- Load average at the start (1, 5, 15 min): ${machine.loadAverage.map((l) => l.toFixed(2)).join(', ')}`,
    `- Figures: ${figures.length}, ${failing} not meeting their target; reliability tests ${input.testExitCode === 0 ? 'all passed' : `**failed** (vitest exit status ${input.testExitCode}): a failing test may have recorded fewer figures`}`,
  ];
  if (input.unreadLines)
    lines.push(`- Lines of the figures file that were not figures: ${input.unreadLines}`);
  for (const area of reliabilityAreas) {
    lines.push('', `## ${areaTitles[area]} (\`${area}\`)`, '');
    const own = ofArea(figures, area, root);
    if (own.length === 0) lines.push('No figures yet.');
    else lines.push(...table(own, root));
  }
  const known = new Set<string>(reliabilityAreas);
  const others = figures.filter((f) => !known.has(f.area));
  if (others.length > 0) {
    lines.push('', '## Other areas', '');
    lines.push(
      ...table(
        others.map((f) => ({ ...f, label: `${f.area}: ${f.label}` })),
        root,
      ),
    );
  }
  return `${lines.join('\n')}\n`;
};

/** The figures file: one JSON figure per line; anything else is counted, not trusted. */
export const readFigures = (jsonl: string): { figures: ReliabilityFigure[]; unread: number } => {
  const figures: ReliabilityFigure[] = [];
  let unread = 0;
  for (const line of jsonl.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const f = JSON.parse(line) as Partial<ReliabilityFigure>;
      if (
        typeof f.area === 'string' &&
        typeof f.label === 'string' &&
        (typeof f.value === 'number' || typeof f.value === 'string') &&
        typeof f.pass === 'boolean' &&
        typeof f.source === 'string'
      )
        figures.push(f as ReliabilityFigure);
      else unread++;
    } catch {
      unread++;
    }
  }
  return { figures, unread };
};
