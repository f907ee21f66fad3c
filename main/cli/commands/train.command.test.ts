import { describe, it, expect, afterEach } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { smallVqVae } from '../../engine/testing/engine-fixtures';
import { captureIo, setIo } from '../io';
import { main } from '../main';

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
