// `tessera export FILE -o OUT.ts`: arguments, exit codes, files written.
import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportCommand, parseExportArgs } from '../../cli/commands/export.command';
import { tesseraRoot } from './collect-sources';
import { exportProject } from './export-project';

describe('exportProject', () => {
  it('is deterministic and pure: the same document gives the same files', () => {
    const doc = JSON.parse(
      readFileSync(path.join(tesseraRoot(), 'templates', 'vqgan.json'), 'utf8'),
    ) as unknown;
    const before = JSON.stringify(doc);
    const a = exportProject(doc);
    const b = exportProject(JSON.parse(before) as unknown);
    expect(a.source).toBeDefined();
    expect(b.files).toEqual(a.files);
    expect(JSON.stringify(doc)).toBe(before);
  });
});

describe('tessera export', () => {
  it('parses its arguments and explains mistakes', () => {
    expect(parseExportArgs(['p.json', '-o', 'out/model.ts'])).toEqual({
      file: 'p.json',
      out: 'out/model.ts',
    });
    expect(parseExportArgs(['p.json']).error).toContain('-o OUT.ts');
    expect(parseExportArgs(['-o', 'm.ts']).error).toContain('project file');
    expect(parseExportArgs(['p.json', '-o', 'm.js']).error).toContain('.ts file');
    expect(parseExportArgs(['p.json', '-o', 'my model.ts']).error).toContain('my-model.ts');
    expect(parseExportArgs(['p.json', '--bogus']).error).toContain('--bogus');
    expect(parseExportArgs(['p.json', '--weights', 'c.json', '-o', 'w'])).toEqual({
      file: 'p.json',
      out: 'w',
      weights: 'c.json',
    });
    expect(
      parseExportArgs(['p.json', '--bundle', 'generator', '--checkpoint', 'c.json', '-o', 'b']),
    ).toEqual({ file: 'p.json', out: 'b', bundle: 'generator', checkpoint: 'c.json' });
    expect(parseExportArgs(['p.json', '--bundle', 'generator', '-o', 'b']).error).toContain(
      '--checkpoint',
    );
  });

  it('writes the program and its support folder (exit 0); unreadable file exit 2; invalid project exit 1', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tessera-cli-export-'));
    const out = path.join(dir, 'made.ts');
    expect(
      await exportCommand.run([path.join(tesseraRoot(), 'templates', 'made.json'), '-o', out]),
    ).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('class Model {');
    expect(existsSync(path.join(dir, 'made.lib', 'tsconfig.json'))).toBe(true);
    expect(
      existsSync(
        path.join(dir, 'made.lib', 'main', 'engine', 'export', 'runtime', 'export-runtime.ts'),
      ),
    ).toBe(true);
    expect(await exportCommand.run([path.join(dir, 'missing.json'), '-o', out])).toBe(2);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'tessera.project' }));
    expect(await exportCommand.run([bad, '-o', path.join(dir, 'bad.ts')])).toBe(1);
    expect(existsSync(path.join(dir, 'bad.ts'))).toBe(false);
  });
});
