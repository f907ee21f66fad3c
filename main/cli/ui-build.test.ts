import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { uiBuildState, writeBuildStamp } from './ui-build';

const touch = (file: string, secondsAgo: number) => {
  mkdirSync(nodePath.dirname(file), { recursive: true });
  writeFileSync(file, 'x');
  const t = Date.now() / 1000 - secondsAgo;
  utimesSync(file, t, t);
};

describe('uiBuildState', () => {
  it('rebuilds only when the UI’s sources or the lockfile are newer than the build', () => {
    const root = mkdtempSync(nodePath.join(tmpdir(), 'tessera-ui-build-'));
    expect(uiBuildState(root)).toEqual({ current: false, reason: 'not built yet' });
    touch(nodePath.join(root, 'renderer', 'app', 'app.tsx'), 100);
    touch(nodePath.join(root, 'package-lock.json'), 100);
    touch(nodePath.join(root, 'dist', 'web', 'index.html'), 50);
    expect(uiBuildState(root)).toEqual({ current: true });
    // A test file does not go into the bundle.
    touch(nodePath.join(root, 'renderer', 'app', 'app.test.tsx'), 0);
    expect(uiBuildState(root)).toEqual({ current: true });
    touch(nodePath.join(root, 'renderer', 'app', 'app.tsx'), 10);
    expect(uiBuildState(root)).toMatchObject({ current: false, reason: /renderer changed/ });
    writeBuildStamp(nodePath.join(root, 'dist', 'web'));
    expect(uiBuildState(root)).toEqual({ current: true });
    touch(nodePath.join(root, 'package-lock.json'), -5);
    expect(uiBuildState(root)).toMatchObject({ current: false, reason: /package-lock.json/ });
  });
});
