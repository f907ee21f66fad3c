import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { createAppHandlers } from './app-handlers';
import { fakeEngine } from './fake-engine';

const setup = () => {
  const dir = mkdtempSync(nodePath.join(tmpdir(), 'tessera-files-'));
  const app = createAppHandlers({
    engine: fakeEngine(),
    shell: 'web',
    appVersion: 't',
    templatesDir: dir,
    projectsDir: dir,
    runsDir: dir,
    recentFile: nodePath.join(dir, 'recent.json'),
    emit: () => undefined,
  });
  return { dir, h: app.handlers };
};

describe('project files', () => {
  it('saves atomically with stable bytes and the previous version, reopens, and lists recent files', async () => {
    const { dir, h } = setup();
    const doc = {
      format: 'tessera.project',
      formatVersion: 1,
      appVersion: '0.1.0',
      name: 'a',
      nodes: { b: { z: 1, a: 2 } },
      edges: {},
      modules: {},
      training: {},
      previews: {},
    };
    const saved = await h['project:save']({ path: 'a.tessera.json', document: doc });
    expect(saved.diagnostics).toEqual([]);
    const path = saved.path ?? '';
    expect(path).toBe(nodePath.join(dir, 'a.tessera.json'));
    const first = readFileSync(path, 'utf8');
    expect(first.indexOf('"format"')).toBeLessThan(first.indexOf('"name"'));
    expect(first).toContain('"a": 2,\n      "z": 1');
    await h['project:save']({ path, document: { ...doc, name: 'b' } });
    expect(JSON.parse(readFileSync(`${path}.1`, 'utf8')).name).toBe('a');
    const opened = await h['project:open'](path);
    expect((opened.content as { name: string }).name).toBe('b');
    expect(await h['project:recent'](undefined)).toEqual([path]);
    expect((await h['project:list'](undefined)).files).toEqual([path]);
  });

  it('turns unreadable files into diagnostics with the fix, never throws', async () => {
    const { dir, h } = setup();
    const missing = await h['project:open'](nodePath.join(dir, 'nope.tessera.json'));
    expect(missing.content).toBeUndefined();
    expect(missing.diagnostics[0]?.message).toMatch(/does not exist/);
    const bad = nodePath.join(dir, 'bad.tessera.json');
    writeFileSync(bad, '{ "name": ');
    const r = await h['project:open'](bad);
    expect(r.content).toBeUndefined();
    expect(r.diagnostics[0]?.message).toMatch(/not valid JSON at line 1/);
    expect((await h['project:open'](nodePath.join(dir, 'x.txt'))).diagnostics[0]?.message).toMatch(
      /not a \.json project file/,
    );
    expect(await h['project:recent'](undefined)).toEqual([]);
  });
});
