import { describe, it, expect } from 'vitest';
import { repoRoot } from '../server/paths';
import { electronSupport, latestElectronChecked, pinnedElectronVersion } from './electron-release';

describe('Electron version (checklist item 16)', () => {
  it('a pinned major is current when it is one of the latest three', () => {
    expect(electronSupport('45.5.0', '45.5.0').supported).toBe(true);
    expect(electronSupport('43.0.1', '45.5.0')).toMatchObject({
      supported: true,
      oldestSupportedMajor: 43,
    });
    expect(electronSupport('42.11.18', '45.5.0').supported).toBe(false);
    expect(electronSupport('^39.5.0', '45.5.0')).toMatchObject({
      pinnedMajor: 39,
      supported: false,
    });
    expect(() => electronSupport('latest')).toThrow(/not an Electron version/);
  });

  it("reads the project's pinned Electron from package.json", () => {
    expect(pinnedElectronVersion(repoRoot())).toMatch(/^\d+\.\d+\.\d+$/);
    expect(latestElectronChecked.on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
