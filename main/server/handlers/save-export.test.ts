// code:saveExport through the shared handlers: the real exporter writes model.ts (the Code
// panel's text) and model.lib/; paths outside the projects folder are refused.
import { describe, it, expect } from 'vitest';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { repoRoot } from '../paths';
import { createAppHandlers } from './app-handlers';
import { createEngineAdapter } from './engine-adapter';
import type { EnginePort } from './engine-port';
import { fakeEngine } from './fake-engine';

const setup = (engine: EnginePort) => {
  const root = mkdtempSync(nodePath.join(tmpdir(), 'tessera-export-'));
  const projectsDir = nodePath.join(root, 'projects');
  mkdirSync(projectsDir);
  const app = createAppHandlers({
    engine,
    shell: 'web',
    appVersion: 't',
    templatesDir: nodePath.join(repoRoot(), 'templates'),
    projectsDir,
    runsDir: nodePath.join(projectsDir, 'runs'),
    recentFile: nodePath.join(root, 'recent.json'),
    emit: () => undefined,
  });
  return { root, projectsDir, h: app.handlers };
};

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(nodePath.join(dir, f)).isFile())
    .sort();

describe('code:saveExport', () => {
  it('writes model.ts (the Code panel text) and model.lib/ for the VQ-VAE template', async () => {
    const { projectsDir, h } = setup(createEngineAdapter());
    const document = (await h['templates:get']('vq-vae')).content;
    const shown = await h['code:exportTypeScript']({ document });
    expect(shown.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(shown.source).toContain('standalone training program');

    const target = nodePath.join(projectsDir, 'out', 'model.ts');
    const saved = await h['code:saveExport']({ document, path: target });
    expect(saved.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(saved.path).toBe(target);
    expect(readFileSync(target, 'utf8')).toBe(shown.source);
    const lib = filesUnder(nodePath.join(projectsDir, 'out', 'model.lib'));
    expect(lib.length).toBeGreaterThan(3);
    expect(lib.some((f) => f.endsWith('.ts'))).toBe(true);
    // The program, its support folder and (the folder had none) a package.json of what it needs.
    expect(saved.files).toBe(lib.length + 2);
    expect(filesUnder(nodePath.join(projectsDir, 'out'))).toEqual(
      ['model.ts', 'package.json', ...lib.map((f) => nodePath.join('model.lib', f))].sort(),
    );
    // Every import of the program resolves to a written file.
    for (const m of shown.source!.matchAll(/from '\.\/(model\.lib\/[^']+)'/g)) {
      const rel = m[1]!;
      expect(
        existsSync(nodePath.join(projectsDir, 'out', rel.endsWith('.ts') ? rel : `${rel}.ts`)),
        rel,
      ).toBe(true);
    }
  }, 60_000);

  it('refuses paths outside the projects folder, non-.ts names and broken documents, writing nothing', async () => {
    const { root, projectsDir, h } = setup(fakeEngine());
    const document = { name: 'p' };
    const outside = await h['code:saveExport']({
      document,
      path: nodePath.join(root, 'elsewhere', 'model.ts'),
    });
    expect(outside.path).toBeUndefined();
    expect(outside.files).toBe(0);
    expect(outside.diagnostics[0]?.message).toContain(`outside the projects folder ${projectsDir}`);
    expect(outside.diagnostics[0]?.message).toContain('Save export…');
    const dotdot = await h['code:saveExport']({ document, path: '../escape.ts' });
    expect(dotdot.diagnostics[0]?.message).toContain('Refusing');
    // A symlink inside the folder that points outside does not let the write escape.
    symlinkSync(root, nodePath.join(projectsDir, 'link'));
    const viaLink = await h['code:saveExport']({ document, path: 'link/model.ts' });
    expect(viaLink.diagnostics[0]?.message).toContain('Refusing');
    expect(
      (await h['code:saveExport']({ document, path: 'model.js' })).diagnostics[0]?.message,
    ).toContain('.ts');
    expect(
      (await h['code:saveExport']({ document, path: 'my model.ts' })).diagnostics[0]?.message,
    ).toContain('my-model.ts');
    expect(existsSync(nodePath.join(root, 'elsewhere'))).toBe(false);
    expect(existsSync(nodePath.join(root, 'escape.ts'))).toBe(false);
    expect(readdirSync(root).sort()).toEqual(['projects']);

    // Relative paths land in the projects folder; the fake engine's two files and a package.json are written.
    const ok = await h['code:saveExport']({ document, path: 'sub/toy.ts' });
    expect(ok).toEqual({
      path: nodePath.join(projectsDir, 'sub', 'toy.ts'),
      files: 3,
      diagnostics: [],
    });
    expect(readFileSync(nodePath.join(projectsDir, 'sub', 'toy.ts'), 'utf8')).toContain(
      "from './toy.lib/run'",
    );
  });

  it('returns the exporter diagnostics for a document that does not compile', async () => {
    const { projectsDir, h } = setup(createEngineAdapter());
    const r = await h['code:saveExport']({
      document: { format: 'tessera.project', nodes: 3 },
      path: 'bad.ts',
    });
    expect(r.files).toBe(0);
    expect(r.path).toBeUndefined();
    expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    expect(readdirSync(projectsDir)).toEqual([]);
  });
});
