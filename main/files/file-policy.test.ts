import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { FileGrants } from './file-grants';
import { FilePolicy } from './file-policy';
import { checkPathShape, liesInside, realPathOf } from './path-rules';

const setup = (recent: string[] = []) => {
  const root = mkdtempSync(nodePath.join(tmpdir(), 'tessera-policy-'));
  const projectsDir = nodePath.join(root, 'projects');
  const elsewhere = nodePath.join(root, 'elsewhere');
  mkdirSync(projectsDir);
  mkdirSync(elsewhere);
  let t = 0;
  const clock = { advance: (ms: number) => (t += ms) };
  const grants = new FileGrants(60_000, () => t);
  const policy = new FilePolicy({ projectsDir, recent: async () => recent, grants });
  return { root, projectsDir, elsewhere, policy, grants, clock };
};

describe('path shape', () => {
  it('refuses NUL bytes, .. segments, empty names and wrong extensions, with the fix', () => {
    const dir = '/home/u/Documents/Tessera';
    const nul = checkPathShape('save', 'a.tessera.json\0.txt', dir);
    expect(nul).toMatchObject({ ok: false });
    expect(!nul.ok && nul.message).toMatch(/NUL byte.*file dialog/);
    for (const p of ['../x.tessera.json', 'sub/../../x.tessera.json', '/tmp/a/../b.json'])
      expect(checkPathShape('save', p, dir), p).toMatchObject({
        ok: false,
        message: expect.stringContaining("'..' segments") as unknown,
      });
    expect(checkPathShape('open', 'notes.txt', dir)).toMatchObject({
      ok: false,
      message: expect.stringContaining('ending in .json') as unknown,
    });
    expect(checkPathShape('export', 'model.json', dir)).toMatchObject({
      ok: false,
      message: expect.stringContaining('ending in .ts') as unknown,
    });
    expect(checkPathShape('save', '  ', dir)).toMatchObject({ ok: false });
    expect(checkPathShape('save', 'sub/a.tessera.json', dir)).toEqual({
      ok: true,
      abs: `${dir}/sub/a.tessera.json`,
    });
  });

  it('resolves the real path through the nearest existing ancestor', async () => {
    const { root, projectsDir } = setup();
    symlinkSync(root, nodePath.join(projectsDir, 'up'));
    expect(await realPathOf(nodePath.join(projectsDir, 'up', 'new', 'a.json'))).toBe(
      nodePath.join(root, 'new', 'a.json'),
    );
    expect(liesInside('/a/b', '/a/b/c')).toBe(true);
    expect(liesInside('/a/b', '/a/b')).toBe(false);
    expect(liesInside('/a/b', '/a/bc/d')).toBe(false);
    expect(liesInside('/a/b', '/a/b/..c/d')).toBe(true);
  });
});

describe('the file policy', () => {
  it('allows the projects folder and refuses outside paths with the dialog to use', async () => {
    const { projectsDir, elsewhere, policy } = setup();
    expect(await policy.check('save', 'a.tessera.json')).toEqual({
      ok: true,
      path: nodePath.join(projectsDir, 'a.tessera.json'),
      via: 'projects-folder',
    });
    const outside = nodePath.join(elsewhere, 'a.tessera.json');
    const open = await policy.check('open', outside);
    expect(open).toEqual({
      ok: false,
      message: `Refusing to open ${outside}: it is outside the projects folder ${projectsDir}. To use a file elsewhere, choose it with Open…: a file picked in that dialog is allowed; or keep the file in the projects folder.`,
    });
    const save = await policy.check('save', outside);
    expect(!save.ok && save.message).toContain('choose it with Save As…');
    const exp = await policy.check('export', nodePath.join(elsewhere, 'm.ts'));
    expect(!exp.ok && exp.message).toContain('Save export… (Code panel)');
    // The projects folder itself is not a file in it.
    expect((await policy.check('save', `${projectsDir}.json`)).ok).toBe(false);
  });

  it('refuses symlinks inside the folder that resolve outside, and links to non-project files', async () => {
    const { projectsDir, elsewhere, policy } = setup();
    symlinkSync(elsewhere, nodePath.join(projectsDir, 'linked'));
    const viaDir = await policy.check('save', 'linked/a.tessera.json');
    expect(!viaDir.ok && viaDir.message).toContain(
      `(it resolves to ${nodePath.join(elsewhere, 'a.tessera.json')})`,
    );
    writeFileSync(nodePath.join(elsewhere, 'secret'), 'key');
    symlinkSync(nodePath.join(elsewhere, 'secret'), nodePath.join(projectsDir, 'x.tessera.json'));
    const viaFile = await policy.check('open', 'x.tessera.json');
    expect(!viaFile.ok && viaFile.message).toContain('which is not a .json file');
    // A link that stays inside is fine, and is read through its target.
    writeFileSync(nodePath.join(projectsDir, 'real.tessera.json'), '{}');
    symlinkSync(
      nodePath.join(projectsDir, 'real.tessera.json'),
      nodePath.join(projectsDir, 'alias.tessera.json'),
    );
    expect(await policy.check('open', 'alias.tessera.json')).toMatchObject({
      ok: true,
      path: nodePath.join(projectsDir, 'real.tessera.json'),
    });
  });

  it('grants a dialog’s choice once, for its own action and file, for a short while', async () => {
    const { elsewhere, policy, grants, clock } = setup();
    const file = nodePath.join(elsewhere, 'b.tessera.json');
    expect(await policy.grantChosen('save', file)).toEqual({ ok: true, path: file });
    expect((await policy.check('open', file)).ok).toBe(false); // another action
    expect((await policy.check('save', nodePath.join(elsewhere, 'c.tessera.json'))).ok).toBe(false);
    expect(await policy.check('save', file)).toEqual({ ok: true, path: file, via: 'dialog' });
    expect((await policy.check('save', file)).ok).toBe(false); // spent
    await policy.grantChosen('open', file);
    clock.advance(60_001);
    expect((await policy.check('open', file)).ok).toBe(false); // expired
    expect(grants.size).toBe(0);
    // Shape rules apply to choices as well.
    expect(await policy.grantChosen('save', `${file}\0`)).toMatchObject({ ok: false });
    expect(await policy.grantChosen('export', nodePath.join(elsewhere, 'm.json'))).toMatchObject({
      ok: false,
    });
  });

  it('lets the files opened or saved through it be saved again, and recent files be reopened', async () => {
    const recentFile = '/somewhere/recent.tessera.json';
    const { elsewhere, policy } = setup([recentFile]);
    const file = nodePath.join(elsewhere, 'kept.tessera.json');
    await policy.grantChosen('save', file);
    expect((await policy.check('save', file)).ok).toBe(true);
    policy.remember(file);
    expect(await policy.check('save', file)).toMatchObject({ ok: true, via: 'session' });
    expect(await policy.check('open', file)).toMatchObject({ ok: true, via: 'session' });
    expect((await policy.check('export', file.replace(/json$/, 'ts'))).ok).toBe(false);
    expect(await policy.check('open', recentFile)).toMatchObject({ ok: true, via: 'recent' });
    expect((await policy.check('save', recentFile)).ok).toBe(false);
  });
});
