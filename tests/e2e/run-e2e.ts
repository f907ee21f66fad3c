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
  layoutJourney,
  modulesJourney,
  newUserJourney,
  posixLocaleRenders,
  recoveryAfterKill,
  startUrlOpensTemplate,
  studioTour,
  templateDrop,
  trainingDisplay,
  undoRestoresDeleted,
  workspaceReopens,
  type Journey,
} from './journeys';
import { compile500Journey, dragFpsJourney } from './drag-fps';

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
  buildByHand,
  layoutJourney,
  workspaceReopens,
  trainingDisplay,
  posixLocaleRenders,
  recoveryAfterKill,
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
let failed = 0;
let flaky = 0;
// Each journey gets one retry in a fresh page (as Playwright's `retries: 1`); a pass on the retry
// is reported as flaky, with the first failure's screenshot kept, so flakes are seen, not hidden.
for (const j of journeys) {
  for (let attempt = 1; attempt <= 2; attempt++) {
    const t0 = Date.now();
    const page = await env.newPage();
    try {
      await j.run(env, page, (m) => console.log(`    ${m}`));
      console.log(
        `  ✓ ${j.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)${attempt > 1 ? ' — flaky: passed on retry' : ''}`,
      );
      if (attempt > 1) flaky++;
      break;
    } catch (e) {
      const file = nodePath.join(env.outDir, `failure-${all.indexOf(j)}-attempt-${attempt}.png`);
      await page.screenshot({ path: file }).catch(() => undefined);
      console.log(
        `  ✗ ${j.name} (attempt ${attempt}): ${(e as Error).message}\n    screenshot: ${file}`,
      );
      if (attempt === 2) failed++;
    } finally {
      await page.context().close();
    }
  }
}
if (flaky > 0)
  console.log(`${flaky} journey(s) passed only on retry: see the screenshots in ${env.outDir}`);
await env.close();
console.log(`e2e: ${journeys.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
