import { describe, expect, it } from 'vitest';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { saveTextAtomic } from './atomic-save';
import { failingFs, type FailingStep } from './testing/failing-fs';
import { tempOwner } from './stale-temps';

const folder = () => mkdtempSync(nodePath.join(tmpdir(), 'tessera-save-'));
const temps = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp'));

describe('saveTextAtomic', () => {
  it('keeps the last five versions as .1 (newest) … .5, the oldest dropping off', async () => {
    const dir = folder();
    const file = nodePath.join(dir, 'p.tessera.json');
    for (let i = 1; i <= 8; i++) await saveTextAtomic(file, `{"v":${i}}\n`);
    expect(readFileSync(file, 'utf8')).toBe('{"v":8}\n');
    for (let n = 1; n <= 5; n++)
      expect(readFileSync(`${file}.${n}`, 'utf8'), `.${n}`).toBe(`{"v":${8 - n}}\n`);
    expect(existsSync(`${file}.6`)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(
      ['p.tessera.json', ...[1, 2, 3, 4, 5].map((n) => `p.tessera.json.${n}`)].sort(),
    );
    // The versions are separate files: the next save does not change .1's content.
    await saveTextAtomic(file, '{"v":9}\n');
    expect(readFileSync(`${file}.1`, 'utf8')).toBe('{"v":8}\n');
    expect(readFileSync(`${file}.2`, 'utf8')).toBe('{"v":7}\n');
  });

  it('moves the single .bak of earlier versions to .1, never over a newer .1', async () => {
    const dir = folder();
    const file = nodePath.join(dir, 'old.tessera.json');
    writeFileSync(file, '"current"');
    writeFileSync(`${file}.bak`, '"older"');
    await saveTextAtomic(file, '"new"');
    expect(existsSync(`${file}.bak`)).toBe(false);
    expect(readFileSync(`${file}.1`, 'utf8')).toBe('"current"');
    expect(readFileSync(`${file}.2`, 'utf8')).toBe('"older"');
    // A .bak beside an existing chain is left alone (the chain is newer).
    writeFileSync(`${file}.bak`, '"stray"');
    await saveTextAtomic(file, '"newer"');
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe('"stray"');
    expect(readFileSync(`${file}.1`, 'utf8')).toBe('"new"');
    expect(readFileSync(`${file}.2`, 'utf8')).toBe('"current"');
    expect(readFileSync(`${file}.3`, 'utf8')).toBe('"older"');
  });

  it('copies the current file to .1 where the file system has no hard links', async () => {
    const dir = folder();
    const file = nodePath.join(dir, 'fat.tessera.json');
    await saveTextAtomic(file, '"a"');
    await saveTextAtomic(file, '"b"', { fs: failingFs({ step: 'link', code: 'EPERM' }) });
    expect(readFileSync(file, 'utf8')).toBe('"b"');
    expect(readFileSync(`${file}.1`, 'utf8')).toBe('"a"');
    expect(statSync(`${file}.1`).ino).not.toBe(statSync(file).ino);
  });

  const failures: [FailingStep, string][] = [
    ['open', 'EACCES'],
    ['write', 'ENOSPC'],
    ['sync', 'EIO'],
    ['copyFile', 'ENOSPC'],
    ['rename', 'EPERM'],
  ];
  for (const [step, code] of failures)
    it(`leaves the file, its versions and no temp file when ${step} fails with ${code}`, async () => {
      const dir = folder();
      const file = nodePath.join(dir, 'keep.tessera.json');
      await saveTextAtomic(file, '"v1"');
      await saveTextAtomic(file, '"v2"');
      // copyFile is only reached where hard links fail: make both fail for that case.
      const base = step === 'copyFile' ? failingFs({ step: 'link', code: 'EXDEV' }) : undefined;
      const fsx = failingFs({ step, code }, base);
      const err = await saveTextAtomic(file, `"${'x'.repeat(100_000)}"`, { fs: fsx }).then(
        () => undefined,
        (e: NodeJS.ErrnoException) => e,
      );
      expect(err?.code).toBe(code);
      expect(readFileSync(file, 'utf8')).toBe('"v2"');
      if (step === 'copyFile') {
        // The chain moved up before the copy failed: no half-copied .1, the older versions kept.
        expect(existsSync(`${file}.1`)).toBe(false);
        expect(readFileSync(`${file}.2`, 'utf8')).toBe('"v1"');
      } else expect(readFileSync(`${file}.1`, 'utf8')).toBe('"v1"');
      expect(temps(dir)).toEqual([]);
      // The next save works and keeps the chain.
      await saveTextAtomic(file, '"v3"');
      expect(readFileSync(file, 'utf8')).toBe('"v3"');
      expect(temps(dir)).toEqual([]);
    });

  it('removes stale temps of processes that are gone, never a running writer’s', async () => {
    const dir = folder();
    const file = nodePath.join(dir, 'p.tessera.json');
    const dead = nodePath.join(dir, '.p.tessera.json.999001-0badc0de.tmp');
    const running = nodePath.join(dir, '.p.tessera.json.999002-00c0ffee.tmp');
    const legacy = nodePath.join(dir, 'p.tessera.json.999001.1712345678901.tmp');
    const otherFile = nodePath.join(dir, '.q.tessera.json.999001-0badc0de.tmp');
    for (const f of [dead, running, legacy, otherFile]) writeFileSync(f, '{"torn":');
    await saveTextAtomic(file, '"ok"', { alive: (pid) => pid === 999002 });
    expect(temps(dir).sort()).toEqual(
      [nodePath.basename(otherFile), nodePath.basename(running)].sort(),
    );
    expect(readFileSync(file, 'utf8')).toBe('"ok"');
  });

  it('names temps after the file and the writing process', () => {
    expect(tempOwner('a.tessera.json', '.a.tessera.json.4242-deadbeef.tmp')).toBe(4242);
    expect(tempOwner('a.tessera.json', 'a.tessera.json.4242.1712345678901.tmp')).toBe(4242);
    expect(tempOwner('a.tessera.json', '.ab.tessera.json.4242-deadbeef.tmp')).toBeUndefined();
    expect(tempOwner('a.tessera.json', 'a.tessera.json.1')).toBeUndefined();
  });
});
