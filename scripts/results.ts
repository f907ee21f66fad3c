// `npm run results`: trains every family's templates longer than the tests do and writes
// docs/results.md (one section per family, each also in docs/results/<family>.md).
// Each family runs in its own process, one after the other, so timings don't interfere.
// Pass `--only gan,vqgan` to run some families; other args are passed to each family script.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const families = [
  {
    id: 'autoregressive',
    script: 'scripts/results-autoregressive.ts',
    doc: 'docs/results/autoregressive.md',
  },
  { id: 'gan', script: 'scripts/results-gan.ts', doc: 'docs/results/gan.md' },
  { id: 'vqgan', script: 'scripts/results-vqgan.ts', doc: 'docs/results/vqgan.md' },
  { id: 'detr', script: 'scripts/results-detr.ts', doc: 'docs/results/detr.md' },
  { id: 'vqvae', script: 'scripts/results-vqvae.ts', doc: 'docs/results/vqvae.md' },
  { id: 'oadtr', script: 'scripts/results-oadtr.ts', doc: 'docs/results/oadtr.md' },
  { id: 'diffusion', script: 'scripts/results-diffusion.ts', doc: 'docs/results/diffusion.md' },
  { id: 'gpt', script: 'scripts/results-gpt.ts', doc: 'docs/results/gpt.md' },
  { id: 'ssl', script: 'scripts/results-ssl.ts', doc: 'docs/results/ssl.md' },
];

const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? (process.argv[onlyIndex + 1] ?? '').split(',') : undefined;
const passThrough = process.argv
  .slice(2)
  .filter((_, i, all) => all[i] !== '--only' && all[i - 1] !== '--only');

let failures = 0;
for (const f of families) {
  if (only && !only.includes(f.id)) continue;
  process.stdout.write(`\n== ${f.id}: ${f.script}\n`);
  const run = spawnSync(
    process.execPath,
    ['--import', './main/runtime/register.mjs', f.script, ...passThrough],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (run.status !== 0) {
    failures++;
    process.stderr.write(
      `results: ${f.id} failed (exit ${run.status ?? run.signal}); its previous section is kept.\n`,
    );
  }
}

/** One family page as a section of docs/results.md: headings one level down, images under results/. */
const asSection = (markdown: string): string =>
  markdown
    .replace(/^(#+) /gm, '#$1 ')
    .replace(/\]\((?!https?:|#|results\/)([^)]+\.png)\)/g, '](results/$1)');

const sections = families
  .filter((f) => existsSync(path.join(root, f.doc)))
  .map((f) => asSection(readFileSync(path.join(root, f.doc), 'utf8')));
writeFileSync(
  path.join(root, 'docs/results.md'),
  [
    '# Results',
    '',
    'Every number here comes from `npm run results` (scripts/results.ts), which trains the built-in templates through the same engine the app uses and writes one page per family under docs/results/. Each section says its steps, wall time and backend.',
    '',
    ...sections,
  ].join('\n'),
);
process.stdout.write(`\nwrote docs/results.md (${sections.length} families)\n`);
process.exit(failures > 0 ? 1 : 0);
