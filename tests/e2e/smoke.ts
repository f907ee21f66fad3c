/// <reference types="node" />
import { startEnv } from './harness';
import { openFile } from './ui';
const env = await startEnv({ screenshotsDir: '/tmp/shots', outDir: '/tmp/shots' });
const page = await env.newPage();
await openFile(page, new URL('./fixtures/mini-vq-vae.tessera.json', import.meta.url).pathname);
await page.waitForSelector('.react-flow__node');
await page.waitForTimeout(500);
await page.getByRole('button', { name: 'Fit View' }).click().catch(() => undefined);
await page.waitForTimeout(300);
await page.screenshot({ path: '/tmp/shots/smoke.png' });
console.log(await page.locator('.react-flow__edge-text').allTextContents());
await env.close();
