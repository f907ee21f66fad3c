// `tessera export FILE --target pytorch -o DIR`: arguments, exit codes, the files of the package,
// determinism, and graphs that cannot be exported (a diagnostic per node, nothing written).
import { describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportCommand, parseExportArgs } from '../../../cli/commands/export.command';
import { tesseraRoot } from '../collect-sources';
import { exportTorchProject } from './export-torch';

const file = (...p: string[]): string => path.join(tesseraRoot(), ...p);
const read = (f: string): unknown => JSON.parse(readFileSync(f, 'utf8'));

const runCli = async (args: string[]): Promise<{ code: number; out: string; err: string }> => {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await exportCommand.run(args);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
};

describe('tessera export --target pytorch', () => {
  it('parses the target and asks for a folder', () => {
    expect(parseExportArgs(['p.json', '--target', 'pytorch', '-o', 'out'])).toEqual({
      file: 'p.json',
      out: 'out',
      target: 'pytorch',
    });
    expect(parseExportArgs(['p.json', '--target', 'pytorch']).error).toContain('-o DIR');
    expect(parseExportArgs(['p.json', '--target', 'onnx', '-o', 'x']).error).toContain(
      'pytorch or typescript',
    );
    expect(parseExportArgs(['p.json', '--target', 'typescript', '-o', 'm.ts'])).toEqual({
      file: 'p.json',
      out: 'm.ts',
    });
  });

  it('writes model.py, train.py, README.md and the tessera_torch library', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'tessera-torch-cli-')), 'pkg');
    const r = await runCli([
      file('templates', 'conv-autoencoder.json'),
      '--target',
      'pytorch',
      '-o',
      dir,
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('torch.distributed.run --standalone --nproc_per_node=2 train.py');
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'model.py', 'tessera_torch', 'train.py']);
    expect(readdirSync(path.join(dir, 'tessera_torch')).sort()).toEqual([
      '__init__.py',
      'checkpoint.py',
      'data.py',
      'launch.py',
      'layers.py',
      'optim.py',
      'rng.py',
      'trainer.py',
    ]);
    const model = readFileSync(path.join(dir, 'model.py'), 'utf8');
    expect(model).toContain('self.enc1 = L.Conv2d(1, 16, 3, stride=2, padding="same"');
    expect(model).toContain('"dec1/kernel": ("dec1.weight", "conv-transpose2d"),');
    const train = readFileSync(path.join(dir, 'train.py'), 'utf8');
    expect(train).toContain('"lr": 0.001,');
    expect(train).toContain('"loss": "reconstruction",');
  });

  it('is deterministic: the same document gives the same files', () => {
    const doc = read(file('templates', 'conv-autoencoder.json'));
    const before = JSON.stringify(doc);
    const a = exportTorchProject(doc);
    expect(Object.keys(a.files).length).toBeGreaterThan(4);
    expect(exportTorchProject(JSON.parse(before)).files).toEqual(a.files);
    expect(JSON.stringify(doc)).toBe(before);
  });

  it('refuses a graph with a node it cannot express, naming the node, and writes nothing', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'tessera-torch-cli-')), 'pkg');
    const project = file('tests', 'fixtures', 'custom-code', 'canary-project.json');
    const r = await runCli([project, '--target', 'pytorch', '-o', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /error \[canary\]: Canary scale \(canary, custom\/custom-layer\) cannot be exported to PyTorch: a custom-code layer/,
    );
    expect(r.err).toContain('was not exported to PyTorch');
    expect(existsSync(dir)).toBe(false);
    // Every blocking node is named, in modules too (dcgan: module instances, batch norm, ...).
    const dcgan = exportTorchProject(read(file('templates', 'dcgan.json')));
    expect(dcgan.files).toEqual({});
    const named = dcgan.diagnostics.map((d) => d.nodeId);
    expect(named).toEqual(expect.arrayContaining(['gen', 'd-real', 'g-bn0', 'loss']));
  });

  it('reports a project that does not compile, and a missing file', async () => {
    const r = exportTorchProject({ format: 'nope' });
    expect(r.files).toEqual({});
    expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    const missing = await runCli([file('no-such.json'), '--target', 'pytorch', '-o', tmpdir()]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('does not exist');
  });
});
