/// <reference types="node" />
// Which Chromium the journeys drive, in this order: $TESSERA_CHROMIUM (a path, or `npm` for the
// npm-shipped one), Debian's /usr/bin/chromium, then the Chromium inside the npm package
// @sparticuz/chromium (a devDependency: `npm ci` alone gives a browser, nothing is downloaded
// at run time; it unpacks itself to /tmp on first use).
import { existsSync } from 'node:fs';

export interface FoundBrowser {
  executablePath: string;
  /** Where it came from, for the log line. */
  source: string;
}

const DEBIAN = '/usr/bin/chromium';

export const npmChromium = async (): Promise<FoundBrowser> => {
  const { default: chromium } = await import('@sparticuz/chromium');
  return { executablePath: await chromium.executablePath(), source: 'npm @sparticuz/chromium' };
};

export const findChromium = async (env = process.env): Promise<FoundBrowser> => {
  const wanted = env.TESSERA_CHROMIUM?.trim();
  if (wanted === 'npm') return npmChromium();
  if (wanted) {
    if (!existsSync(wanted))
      throw new Error(
        `TESSERA_CHROMIUM=${wanted}: no such file (unset it to use ${DEBIAN} or npm's).`,
      );
    return { executablePath: wanted, source: 'TESSERA_CHROMIUM' };
  }
  if (existsSync(DEBIAN)) return { executablePath: DEBIAN, source: 'Debian chromium' };
  try {
    return await npmChromium();
  } catch (e) {
    throw new Error(
      `No browser for the journeys: set TESSERA_CHROMIUM, install Debian's chromium, or run npm ci (it installs @sparticuz/chromium). ${(e as Error).message}`,
      { cause: e },
    );
  }
};
