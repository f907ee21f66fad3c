import { describe, it, expect } from 'vitest';
import type { ReliabilityFigure } from './figures';
import {
  cell,
  readFigures,
  reliabilityAreas,
  renderReliabilityReport,
  sourcePath,
  type ReportInput,
} from './render-report';

const root = '/work/tessera';
const figure = (f: Partial<ReliabilityFigure>): ReliabilityFigure => ({
  area: 'files',
  label: 'saves killed',
  value: 1000,
  target: '>= 1000',
  pass: true,
  source: 'main/files/save-kill.reliability.test.ts',
  ...f,
});

const input = (figures: ReliabilityFigure[], over: Partial<ReportInput> = {}): ReportInput => ({
  figures,
  machine: {
    cpuModel: 'Test CPU @ 2.0GHz',
    cpuCount: 2,
    totalMemBytes: 8 * 2 ** 30,
    loadAverage: [1.5, 2.25, 3],
  },
  date: '2026-12-01T23:00:00.000Z',
  command: 'npm run reliability',
  durationS: 95.4,
  testExitCode: 0,
  root,
  ...over,
});

const section = (md: string, title: string): string => {
  const start = md.indexOf(`## ${title}`);
  const next = md.indexOf('\n## ', start + 1);
  return md.slice(start, next === -1 ? undefined : next);
};

describe('docs/reliability.md rendering', () => {
  it('opens with what the page is, the command, machine, date and load', () => {
    const md = renderReliabilityReport(input([]));
    expect(md.startsWith('# Reliability\n')).toBe(true);
    expect(md).toContain('`npm run reliability`');
    expect(md).toContain('2 × Test CPU @ 2.0GHz, 8.0 GiB memory');
    expect(md).toContain('Date: 2026-12-01T23:00:00.000Z; took 95 s');
    expect(md).toContain('(1, 5, 15 min): 1.50, 2.25, 3.00');
    expect(md).toContain('reliability tests all passed');
  });

  it('one section per area in the type’s order; an area without figures says so', () => {
    const md = renderReliabilityReport(input([figure({})]));
    const order = reliabilityAreas.map((a) => md.indexOf(`(\`${a}\`)`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(reliabilityAreas).toEqual([
      'web-shell',
      'bounds',
      'files',
      'recovery',
      'training-faults',
      'custom-code',
      'electron',
      'ci',
    ]);
    expect(section(md, 'Web shell')).toContain('No figures yet.');
    expect(section(md, 'Files')).not.toContain('No figures yet.');
    expect(md.match(/No figures yet\./g)).toHaveLength(7);
  });

  it('a table of label, value, target, pass and source; failures stand out', () => {
    const md = renderReliabilityReport(
      input([
        figure({}),
        figure({
          area: 'electron',
          label: 'items not met',
          value: '1 (16: Use a current version of Electron)',
          target: '0',
          pass: false,
          source: `file://${root}/main/electron/electron-checklist.reliability.test.ts`,
        }),
      ]),
    );
    expect(section(md, 'Files')).toContain(
      '| saves killed | 1000 | >= 1000 | yes | `main/files/save-kill.reliability.test.ts` |',
    );
    expect(section(md, 'Electron')).toContain(
      '| items not met | 1 (16: Use a current version of Electron) | 0 | **no** | `main/electron/electron-checklist.reliability.test.ts` |',
    );
    expect(md).toContain('Figures: 2, 1 not meeting their target');
  });

  it('groups an area’s figures by source file, keeping each file’s order', () => {
    const md = renderReliabilityReport(
      input([
        figure({ label: 'z first of b', source: 'b.reliability.test.ts' }),
        figure({ label: 'only of a', source: 'a.reliability.test.ts' }),
        figure({ label: 'a second of b', source: 'b.reliability.test.ts' }),
      ]),
    );
    const files = section(md, 'Files');
    const at = (s: string) => files.indexOf(s);
    expect(at('only of a')).toBeLessThan(at('z first of b'));
    expect(at('z first of b')).toBeLessThan(at('a second of b'));
  });

  it('says when the tests failed, and shows figures of an unknown area apart', () => {
    const md = renderReliabilityReport(
      input([figure({ area: 'gpu' as never, label: 'kernels' })], { testExitCode: 1 }),
    );
    expect(md).toContain('**failed** (vitest exit status 1)');
    expect(section(md, 'Other areas')).toContain('| gpu: kernels |');
  });

  it('keeps cells on one line with pipes escaped, and sources relative to the repository', () => {
    expect(cell('a | b\nc')).toBe('a \\| b c');
    expect(sourcePath(`file://${root}/main/x.reliability.test.ts`, root)).toBe(
      'main/x.reliability.test.ts',
    );
    expect(sourcePath(`${root}/main/x.test.ts`, `${root}/`)).toBe('main/x.test.ts');
    expect(sourcePath('main/y.test.ts', root)).toBe('main/y.test.ts');
  });

  it('reads the figures file, counting lines that are not figures', () => {
    const lines = [
      JSON.stringify(figure({})),
      '',
      '{"area":"files","label":"no pass"}',
      'not json',
      JSON.stringify(figure({ value: 'all' })),
    ].join('\n');
    const { figures, unread } = readFigures(lines);
    expect(figures.map((f) => f.value)).toEqual([1000, 'all']);
    expect(unread).toBe(2);
    expect(renderReliabilityReport(input(figures, { unreadLines: unread }))).toContain(
      'Lines of the figures file that were not figures: 2',
    );
  });
});
