// `tessera export FILE --target pytorch -o DIR`: arguments, exit codes, the files of the package,
// determinism, and graphs that cannot be exported (a diagnostic per node, nothing written).
import { describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportCommand, parseExportArgs } from '../../../cli/commands/export.command';
import { tesseraRoot } from '../collect-sources';
import { exportTorchProject } from './export-torch';
import { EXPORTING_TEMPLATES } from './testing/exporting-templates';

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
      'autoregressive.py',
      'checkpoint.py',
      'data.py',
      'detection.py',
      'diffusion.py',
      'gan.py',
      'launch.py',
      'layers.py',
      'modules.py',
      'optim.py',
      'rng.py',
      'sequence.py',
      'ssl.py',
      'streams.py',
      'text.py',
      'tfrandom.py',
      'trainer.py',
      'vq.py',
      'vqgan.py',
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
    // Every blocking node is named, in modules too: vqgan with the canary's custom layer inside
    // its discriminator module, between the module's image input and the PatchGAN.
    const vqgan = read(file('templates', 'vqgan.json')) as {
      modules: Record<string, { nodes: Record<string, unknown>; edges: Record<string, unknown> }>;
    };
    const disc = vqgan.modules['disc']!;
    disc.nodes['canary'] = (read(project) as { nodes: Record<string, unknown> }).nodes['canary'];
    delete disc.edges['disc-in.value->disc-net.image'];
    const edge = (from: string, fp: string, to: string, tp: string) => ({
      id: `${from}.${fp}->${to}.${tp}`,
      source: { node: from, port: fp },
      target: { node: to, port: tp },
    });
    for (const e of [
      edge('disc-in', 'value', 'canary', 'x'),
      edge('canary', 'y', 'disc-net', 'image'),
    ])
      disc.edges[e.id] = e;
    const refused = exportTorchProject(vqgan);
    expect(refused.files).toEqual({});
    const errors = refused.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.nodeId)).toEqual(['canary']);
    expect(errors[0]?.message).toMatch(
      /^Canary scale \(canary, custom\/custom-layer\) in module disc cannot be exported to PyTorch: a custom-code layer/,
    );
  });

  it('leaves samplers and metrics out with a note, and refuses a loss that depends on one', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'tessera-torch-cli-')), 'pkg');
    const r = await runCli([file('templates', 'dcgan.json'), '--target', 'pytorch', '-o', dir]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'Note: Left out of the PyTorch export (runs in the app only): Fréchet distance (fid, metric/frechet-distance): a metric',
    );
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain(
      '- Fréchet distance (fid, metric/frechet-distance): a metric',
    );
    const model = readFileSync(path.join(dir, 'model.py'), 'utf8');
    expect(model).not.toContain('fid');
    expect(model).toContain('self.shared["critic"] = Critic(shared)');
    expect(model).toContain('d_fake = self.shared["critic"](sampler, {"image": gen["image"]})');
    // A loss fed by the metric: the export would train something else, so it is refused.
    const doc = read(file('templates', 'dcgan.json')) as {
      edges: Record<string, unknown>;
      nodes: Record<string, { type: string; params: Record<string, unknown> }>;
    };
    doc.nodes['fid-loss'] = {
      id: 'fid-loss',
      type: 'loss/mse',
      typeVersion: 1,
      params: {},
      position: { x: 0, y: 0 },
      label: 'FID as a loss',
    } as never;
    doc.edges['fid.distance->fid-loss.prediction'] = {
      id: 'fid.distance->fid-loss.prediction',
      source: { node: 'fid', port: 'distance' },
      target: { node: 'fid-loss', port: 'prediction' },
    };
    doc.edges['fid.distance->fid-loss.target'] = {
      id: 'fid.distance->fid-loss.target',
      source: { node: 'fid', port: 'distance' },
      target: { node: 'fid-loss', port: 'target' },
    };
    delete doc.edges['loss.generatorLoss->opt-g.loss'];
    doc.edges['fid-loss.loss->opt-g.loss'] = {
      id: 'fid-loss.loss->opt-g.loss',
      source: { node: 'fid-loss', port: 'loss' },
      target: { node: 'opt-g', port: 'loss' },
    };
    const refused = exportTorchProject(doc);
    expect(refused.files).toEqual({});
    expect(refused.diagnostics.map((d) => d.message)).toContainEqual(
      expect.stringMatching(
        /^Fréchet distance \(fid, metric\/frechet-distance\) is a metric .* feeds a loss/,
      ),
    );
  });

  it('exports exactly the listed templates; every other one is refused with its nodes named', () => {
    const names = readdirSync(file('templates'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -5))
      .sort();
    const exported: string[] = [];
    for (const name of names) {
      const r = exportTorchProject(read(file('templates', `${name}.json`)));
      if (Object.keys(r.files).length > 0) exported.push(name);
      else {
        const blockers = r.diagnostics.filter((d) => d.source === 'export-pytorch');
        expect(blockers.length, name).toBeGreaterThan(0);
        for (const d of blockers) {
          expect(d.severity).toBe('error');
          expect(d.nodeId, `${name}: ${d.message}`).toBeTruthy();
          expect(d.message).toMatch(/\(([^,]+), [a-z-]+\/[a-z0-9-]+\)/);
        }
      }
    }
    expect(exported).toEqual([...EXPORTING_TEMPLATES].sort());
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
