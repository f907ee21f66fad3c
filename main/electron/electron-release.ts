// Electron's checklist item 16, "use a current version of Electron": Electron supports its latest
// three stable major lines. What the latest is was read from the npm registry on the date below
// (`npm view electron dist-tags`); the test cannot ask the registry, so update both when you
// check again.
import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
export const latestElectronChecked = { version: '45.5.0', on: '2026-12-01' } as const;

/** Electron's support window: the latest stable major and the two before it. */
export const supportedMajorLines = 3;

export interface ElectronSupport {
  pinned: string;
  pinnedMajor: number;
  oldestSupportedMajor: number;
  supported: boolean;
}

const major = (version: string): number => {
  const m = /^[~^]?(\d+)\./.exec(version.trim());
  if (!m) throw new Error(`'${version}' is not an Electron version (expected e.g. 39.5.0).`);
  return Number(m[1]);
};

export const electronSupport = (
  pinned: string,
  latest: string = latestElectronChecked.version,
): ElectronSupport => {
  const pinnedMajor = major(pinned);
  const oldestSupportedMajor = major(latest) - (supportedMajorLines - 1);
  return {
    pinned,
    pinnedMajor,
    oldestSupportedMajor,
    supported: pinnedMajor >= oldestSupportedMajor,
  };
};

/** The Electron version package.json pins (devDependencies or dependencies). */
export const pinnedElectronVersion = (root: string): string => {
  const pkg = JSON.parse(readFileSync(nodePath.join(root, 'package.json'), 'utf8')) as {
    devDependencies?: Record<string, string>;
    dependencies?: Record<string, string>;
  };
  const v = pkg.devDependencies?.['electron'] ?? pkg.dependencies?.['electron'];
  if (!v) throw new Error('package.json does not depend on electron.');
  return v;
};
