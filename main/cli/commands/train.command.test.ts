import { describe, it, expect, afterEach } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadTemplate, smallVqVae } from '../../engine/testing/engine-fixtures';
import { captureIo, setIo } from '../io';
import { main } from '../main';
import { parseTrainArgs } from './train.command';

afterEach(() => setIo(undefined));

describe('tessera train', () => {
  it('prints the backend and reason, loss lines, and writes checkpoints and PNGs to --out', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-train-'));
    const file = path.join(dir, 'p.json');
    writeFileSync(file, JSON.stringify(smallVqVae({ steps: 100, batchSize: 4 })));
    const out = path.join(dir, 'out');
    const cap = captureIo();
    setIo(cap);
    const code = await main([
      'train',
      file,
      '--steps',
      '4',
      '--backend',
      'wasm',
      '--out',
      out,
      '--every',
      '2',
    ]);
    const text = cap.stdout.join('');
    expect(code).toBe(0);
    expect(text).toMatch(/Backend: wasm \(forced: wasm/);
    // --every asks the run for progress at each multiple, so the loss line lands exactly on step 2
    expect(text).toMatch(/step 2\/4 \| stage VQ-VAE \| loss\[vq-vae\] \d/);
    expect(text).toMatch(/Training 4 steps, batch 4/);
    expect(text).toMatch(/Finished 4 steps/);
    expect(text).toMatch(/step 4\/4 .*Quantizer\.perplexity/);
    expect(existsSync(path.join(out, 'checkpoints', 'step-000004.json'))).toBe(true);
    expect(readdirSync(path.join(out, 'previews'))).toContain('recon-step-000004.png');
  });

  it('exits 1 with the reason for bad arguments or a missing file', async () => {
    const cap = captureIo();
    setIo(cap);
    expect(await main(['train', 'nope.json', '--steps', 'x'])).toBe(1);
    expect(cap.stderr.join('')).toMatch(/--steps needs a number/);
    expect(await main(['train', path.join(tmpdir(), 'does-not-exist.json')])).toBe(1);
    expect(cap.stderr.join('')).toMatch(/does not exist/);
  });
});

describe('tessera train overrides', () => {
  it('parses --batch, --checkpoint-every, --no-previews and --loss-log', () => {
    const { options, errors } = parseTrainArgs([
      'p.json',
      '--batch',
      '4',
      '--checkpoint-every',
      '0',
      '--no-previews',
      '--loss-log',
      'l.jsonl',
    ]);
    expect(errors).toEqual([]);
    expect(options).toMatchObject({
      overrides: { batch: 4, checkpointEvery: 0, noPreviews: true },
      lossLog: 'l.jsonl',
    });
    expect(parseTrainArgs(['p.json', '--batch', '2.5']).errors).toEqual([
      '--batch must be a whole number; got 2.5.',
    ]);
    expect(parseTrainArgs(['p.json', '--batch', '0']).errors).toEqual([
      '--batch must be at least 1; got 0.',
    ]);
  });

  it('trains at the given batch, checkpoints every N steps, renders no previews, logs every step', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-over-'));
    const file = path.join(dir, 'p.json');
    writeFileSync(file, JSON.stringify(smallVqVae({ steps: 100, batchSize: 8 })));
    const out = path.join(dir, 'out');
    const log = path.join(dir, 'losses.jsonl');
    const cap = captureIo();
    setIo(cap);
    const code = await main([
      'train',
      file,
      '--steps',
      '4',
      '--batch',
      '2',
      '--checkpoint-every',
      '2',
      '--no-previews',
      '--loss-log',
      log,
      '--backend',
      'wasm',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    expect(cap.stdout.join('')).toMatch(/Training 4 steps, batch 2/);
    expect(readdirSync(path.join(out, 'checkpoints')).filter((f) => f.endsWith('.json'))).toEqual([
      'step-000002.json',
      'step-000004.json',
    ]);
    expect(readdirSync(path.join(out, 'previews'))).toEqual([]);
    const lines = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.step)).toEqual([1, 2, 3, 4]);
    for (const l of lines) expect(l.losses['vq-vae']).toBeGreaterThan(0);
    expect(lines[0].stage).toBe('VQ-VAE');
    expect(readFileSync(file, 'utf8')).toMatch(/"batchSize":8/); // the project file is untouched
  });
});

describe('tessera train --resume', () => {
  const run = async (args: string[]) => {
    const cap = captureIo();
    setIo(cap);
    const code = await main(['train', ...args]);
    setIo(undefined);
    return { code, out: cap.stdout.join(''), err: cap.stderr.join('') };
  };
  const project = (doc = smallVqVae({ steps: 2, batchSize: 2 })) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-resume-'));
    const file = path.join(dir, 'p.json');
    writeFileSync(file, JSON.stringify(doc));
    return { dir, file };
  };

  it('refuses a missing checkpoint before any backend starts, naming the file and the fix', async () => {
    const { dir, file } = project();
    const missing = path.join(dir, 'missing.json');
    const t0 = Date.now();
    const r = await run([file, '--backend', 'wasm', '--resume', missing]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `error: Cannot resume from ${missing}: the file does not exist. Pass a checkpoint manifest (<run folder>/checkpoints/step-NNNNNN.json), or train without resuming to start afresh.\n`,
    );
    // No run, no worker, no backend: the check came first.
    expect(r.out).not.toMatch(/Run |Backend:/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('refuses a checkpoint that is cut short, not JSON, or missing its values file', async () => {
    const { dir, file } = project();
    const out = path.join(dir, 'out');
    expect((await run([file, '--backend', 'wasm', '--out', out])).code).toBe(0);
    const ckpt = path.join(out, 'checkpoints', 'step-000002.json');
    const text = readFileSync(ckpt, 'utf8');
    const cut = path.join(out, 'checkpoints', 'cut.json');
    writeFileSync(cut, text.slice(0, 40));
    const r1 = await run([file, '--resume', cut]);
    expect(r1.code).toBe(1);
    expect(r1.err).toMatch(
      new RegExp(
        `^error: Cannot resume from ${cut}: it is not valid JSON .*cut short\\. Resume from another checkpoint`,
      ),
    );
    const notCkpt = path.join(dir, 'other.json');
    writeFileSync(notCkpt, '{"format":"tessera.project"}');
    expect((await run([file, '--resume', notCkpt])).err).toMatch(/it is not a Tessera checkpoint/);
    const bin = path.join(out, 'checkpoints', 'step-000002.bin');
    writeFileSync(bin, readFileSync(bin).subarray(0, 100));
    expect((await run([file, '--resume', ckpt])).err).toMatch(
      /its values file step-000002\.bin holds 100 bytes but the manifest needs \d+; it was cut short/,
    );
    rmSync(bin);
    const r2 = await run([file, '--resume', ckpt]);
    expect(r2.err).toMatch(
      /its values file step-000002\.bin is missing\. Keep the \.json and its \.bin together/,
    );
    expect(r2.out).not.toMatch(/Backend:/);
  });

  it('refuses a checkpoint of another graph before the backend starts, naming the first node that differs', async () => {
    const ae = (filters: number) => {
      const doc = loadTemplate('conv-autoencoder');
      doc.nodes.enc1!.params = { ...doc.nodes.enc1!.params, filters };
      doc.training.batchSize = 2;
      doc.training.stages[0]!.steps = 2;
      doc.previews = {};
      return doc;
    };
    const { dir, file } = project(ae(16));
    const out = path.join(dir, 'out');
    expect((await run([file, '--backend', 'wasm', '--out', out])).code).toBe(0);
    const ckpt = path.join(out, 'checkpoints', 'step-000002.json');
    const r = await run([project(ae(8)).file, '--backend', 'wasm', '--resume', ckpt]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `error: Cannot resume from ${ckpt}: node 'Conv2D 16, stride 2' (enc1) has 80 parameters but the checkpoint holds 160 for it. Resume with the project the checkpoint was trained from (undo the changes to its layers), or train without resuming to start afresh.\n`,
    );
    expect(r.out).not.toMatch(/Run |Backend:/);
  });

  it('names the first weight whose shape differs once built (nodes that declare no cost), and resumes the same graph', async () => {
    const { dir, file } = project();
    const out = path.join(dir, 'out');
    expect((await run([file, '--backend', 'wasm', '--out', out])).code).toBe(0);
    const ckpt = path.join(out, 'checkpoints', 'step-000002.json');
    const wider = project(smallVqVae({ steps: 4, batchSize: 2, codebookSize: 32 }));
    const r = await run([wider.file, '--backend', 'wasm', '--resume', ckpt]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      new RegExp(
        `Training failed: Cannot resume from ${ckpt}: weights/vq/\\S+ is 16x4 in the checkpoint but 32x4 in the project\\. Resume with the project the checkpoint was trained from`,
      ),
    );
    // The same project resumes: steps 3 and 4 run.
    const ok = await run([
      project(smallVqVae({ steps: 4, batchSize: 2 })).file,
      '--backend',
      'wasm',
      '--resume',
      ckpt,
      '--out',
      path.join(dir, 'out2'),
    ]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Resumed from .*step-000002\.json at step 2\./);
    expect(ok.out).toMatch(/Finished 4 steps/);
  });
});
