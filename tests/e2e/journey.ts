/// <reference types="node" />
// What every user journey is, and the screenshot step they share.
import * as nodePath from 'node:path';
import type { Page } from 'playwright-core';
import type { Env } from './harness';

export interface Journey {
  name: string;
  run(env: Env, page: Page, log: (m: string) => void): Promise<void>;
}

export const shot = async (env: Env, page: Page, name: string): Promise<void> => {
  await page.screenshot({ path: nodePath.join(env.screenshotsDir, name) });
};
