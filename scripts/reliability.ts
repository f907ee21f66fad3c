// `npm run reliability`: runs the *.reliability.test.ts files (`npx vitest run reliability`,
// vitest's filename filter) with TESSERA_RELIABILITY_OUT pointing at a fresh figures file,
// then writes docs/reliability.md from the figures they recorded (tests/reliability/figures.ts)
// with the machine, the date and the load. Exits with vitest's status, after writing the page.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { reliabilityOutVar } from '../tests/reliability/figures';
import { readFigures, renderReliabilityReport } from '../tests/reliability/render-report';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outFile = path.join(
  mkdtempSync(path.join(os.tmpdir(), 'tessera-reliability-')),
  'figures.jsonl',
);
const page = path.join(root, 'docs', 'reliability.md');

const started = new Date();
const loadAverage = os.loadavg();
const t0 = Date.now();
console.log(`reliability: npx vitest run reliability (figures to ${outFile})`);
const run = spawnSync('npx', ['vitest', 'run', 'reliability', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, [reliabilityOutVar]: outFile },
});
const durationS = (Date.now() - t0) / 1000;
const testExitCode = run.status ?? 1;

const { figures, unread } = readFigures(existsSync(outFile) ? readFileSync(outFile, 'utf8') : '');
const cpus = os.cpus();
const markdown = renderReliabilityReport({
  figures,
  machine: {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
    cpuCount: cpus.length,
    totalMemBytes: os.totalmem(),
    loadAverage,
  },
  date: started.toISOString(),
  command: 'npm run reliability',
  durationS,
  testExitCode,
  root,
  unreadLines: unread,
});
// Formatted as `npm run lint` expects (aligned tables).
writeFileSync(page, await format(markdown, { ...(await resolveConfig(page)), filepath: page }));
console.log(
  `reliability: ${figures.length} figures (${figures.filter((f) => !f.pass).length} not meeting their target) -> ${path.relative(root, page)}; vitest exit status ${testExitCode}`,
);
process.exit(testExitCode);
