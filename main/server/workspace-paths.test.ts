import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppHandlers } from './handlers/app-handlers';
import { WorkspaceMemory } from './handlers/project-files';
import { defaultPaths, defaultProjectsDir, documentsDir } from './paths';

describe('the default projects folder', () => {
  it('is TESSERA_PROJECTS_DIR, else Tessera in the user’s documents, never the working directory', () => {
    expect(defaultProjectsDir({ TESSERA_PROJECTS_DIR: '/tmp/p' })).toBe('/tmp/p');
    expect(defaultProjectsDir({}, '/home/u/Documents')).toBe('/home/u/Documents/Tessera');
    const home = mkdtempSync(nodePath.join(tmpdir(), 'tessera-home-'));
    expect(documentsDir({}, home)).toBe(home);
    expect(documentsDir({ XDG_DOCUMENTS_DIR: '/x/Docs' }, home)).toBe('/x/Docs');
    const saved = process.env.TESSERA_PROJECTS_DIR;
    delete process.env.TESSERA_PROJECTS_DIR;
    try {
      expect(defaultPaths().projectsDir).not.toBe(process.cwd());
      expect(defaultPaths().projectsDir).toMatch(/Tessera$/);
    } finally {
      if (saved !== undefined) process.env.TESSERA_PROJECTS_DIR = saved;
    }
  });

  it('is created on first use', async () => {
    const dir = nodePath.join(mkdtempSync(nodePath.join(tmpdir(), 'tessera-first-')), 'Tessera');
    const app = createAppHandlers({
      engine: {} as never,
      shell: 'web',
      appVersion: '0',
      templatesDir: '/nonexistent',
      projectsDir: dir,
      runsDir: nodePath.join(dir, 'runs'),
      recentFile: nodePath.join(dir, '..', 'recent.json'),
      emit: () => undefined,
    });
    expect(existsSync(dir)).toBe(false);
    expect(await app.handlers['project:list'](undefined)).toEqual({ dir, files: [] });
    expect(existsSync(dir)).toBe(true);
  });
});

describe('WorkspaceMemory', () => {
  it('answers the state the last session left, and writes the new one for the next start', async () => {
    const file = nodePath.join(
      mkdtempSync(nodePath.join(tmpdir(), 'tessera-ws-')),
      'c',
      'workspace.json',
    );
    const first = new WorkspaceMemory(file);
    expect(first.get()).toBeNull();
    const ws = { path: '/p/a.tessera.json', scope: 'enc', viewport: { x: 1, y: 2, zoom: 0.5 } };
    await first.set({ scope: '' });
    await first.set(ws);
    expect(first.get()).toBeNull(); // this session's pages all see the launch state
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(ws);
    expect(new WorkspaceMemory(file).get()).toEqual(ws);
  });
});
