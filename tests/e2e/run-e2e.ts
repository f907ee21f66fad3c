/// <reference types="node" />
// `npm run test:e2e`: the journeys against the web shell (built UI + real engine) in Debian's
// Chromium. Screenshots go to docs/screenshots/; failures leave one in tests/e2e/output/.
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEnv } from './harness';
import {
  badFileShowsDiagnostics,
  buildByHand,
  cycleRefused,
  datasetPreview,
  galleryJourney,
  layoutJourney,
  modulesJourney,
  newUserJourney,
  posixLocaleRenders,
  recoveryAfterKill,
  runsJourney,
  startPhasesJourney,
  startUrlOpensTemplate,
  studioTour,
  templateDrop,
  trainingDisplay,
  undoRestoresDeleted,
  workspaceReopens,
  type Journey,
} from './journeys';
import { compile500Journey, dragFpsJourney } from './drag-fps';
import { rendererIsolation } from './renderer-isolation.journey';
import { panelsJourney } from './panels.journey';
import { journeyVerdict, verdictLine, type JourneyVerdict, type TryResult } from './flake-policy';

const root = fileURLToPath(new URL('../../', import.meta.url));
const all: Journey[] = [
  startUrlOpensTemplate,
  newUserJourney,
  cycleRefused,
  undoRestoresDeleted,
  badFileShowsDiagnostics,
  studioTour,
  modulesJourney,
  templateDrop,
  galleryJourney,
  buildByHand,
  datasetPreview,
  layoutJourney,
  workspaceReopens,
  trainingDisplay,
  startPhasesJourney,
  runsJourney,
  panelsJourney,
  posixLocaleRenders,
  recoveryAfterKill,
  rendererIsolation,
  dragFpsJourney,
  compile500Journey,
];
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const journeys = only.length ? all.filter((j) => only.some((o) => j.name.includes(o))) : all;

const outDir = nodePath.join(root, 'tests', 'e2e', 'output');
// The README's screenshots are rewritten only on request: `npm run test:e2e -- --update-screenshots`.
const screenshotsDir = process.argv.includes('--update-screenshots')
  ? nodePath.join(root, 'docs', 'screenshots')
  : nodePath.join(outDir, 'screenshots');
const env = await startEnv({ screenshotsDir, outDir });
console.log(
  `web shell at ${env.web.server.url.replace(/token=.*/, 'token=…')}; projects in ${env.projectsDir}; browser: ${env.chromium.source} (${env.chromium.executablePath})`,
);
// Each journey gets one retry in a fresh page (as Playwright's `retries: 1`); a pass on the retry
// is flaky, and a flaky journey runs one more round: flaky (or failing) again fails the run,
// naming it (flake-policy.ts). Every failed try keeps its screenshot, so flakes are seen.
const failedJourneys: string[] = [];
const notes: string[] = [];
for (const j of journeys) {
  const rounds: TryResult[][] = [];
  let verdict: JourneyVerdict = { kind: 'run-again' };
  while (verdict.kind !== 'done') {
    if (verdict.kind === 'run-again') rounds.push([]);
    const tries = rounds[rounds.length - 1]!;
    const label = `round ${rounds.length}, try ${tries.length + 1}`;
    const t0 = Date.now();
    const page = await env.newPage();
    try {
      await j.run(env, page, (m) => console.log(`    ${m}`));
      tries.push('pass');
      console.log(`  ✓ ${j.name} (${((Date.now() - t0) / 1000).toFixed(1)} s; ${label})`);
    } catch (e) {
      tries.push('fail');
      const file = nodePath.join(
        env.outDir,
        `failure-${all.indexOf(j)}-round-${rounds.length}-try-${tries.length}.png`,
      );
      await page.screenshot({ path: file }).catch(() => undefined);
      console.log(`  ✗ ${j.name} (${label}): ${(e as Error).message}\n    screenshot: ${file}`);
    } finally {
      await page.context().close();
    }
    verdict = journeyVerdict(rounds);
  }
  const line = verdictLine(j.name, verdict);
  if (line) (verdict.fails ? failedJourneys : notes).push(line);
}
for (const n of notes) console.log(`flaky: ${n}; see the screenshots in ${env.outDir}`);
await env.close();
const failed = failedJourneys.length;
for (const f of failedJourneys) console.log(`FAILED ${f}`);
console.log(`e2e: ${journeys.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
