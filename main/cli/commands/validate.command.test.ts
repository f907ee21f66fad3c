import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend } from '../../engine/backend/select-backend';
import { smallVqVae } from '../../engine/testing/engine-fixtures';
import { captureIo, setIo } from '../io';
import { main } from '../main';

const template = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'templates',
  'vq-vae.json',
);
const dir = mkdtempSync(path.join(tmpdir(), 'validate-'));

afterEach(() => setIo(undefined));

const run = async (args: string[]) => {
  const cap = captureIo();
  setIo(cap);
  const code = await main(args);
  return { code, out: cap.stdout.join(''), err: cap.stderr.join('') };
};

describe('tessera validate', () => {
  it('exits 0 for a valid project', async () => {
    const r = await run(['validate', template]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/0 errors, 0 warnings/);
  });

  it('exits 1 and prints "error node <label> (<id>) port <p>: message" for a broken one', async () => {
    const doc = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(template, 'utf8')));
    delete doc.edges.e1; // the encoder loses its input
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(doc));
    const r = await run(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error node Encoder \(encoder\) port x: .+/m);
  });

  it('exits 1 for a missing file or invalid JSON, with a message', async () => {
    expect((await run(['validate', path.join(dir, 'nope.json')])).err).toMatch(/does not exist/);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{ not json');
    const r = await run(['validate', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/not valid JSON/);
  });

  it('prints usage for --help and rejects unknown commands', async () => {
    expect((await run(['validate', '--help'])).out).toMatch(/Usage: tessera validate FILE/);
    const r = await run(['frobnicate']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Unknown command "frobnicate"/);
  });

  it('--kernels checks the backend has every kernel training needs: none missing for the VQ-VAE on wasm', async () => {
    const r = await run(['validate', template, '--kernels', '--backend', 'wasm']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Kernel check on backend wasm \(.+\): \d+ kernels used\.$/m);
    expect(r.out).toMatch(/0 errors, 0 warnings/);
  });

  it('--kernels names the node and the kernel the backend lacks, and exits 1', async () => {
    const file = path.join(dir, 'small-vq-vae.json');
    writeFileSync(file, JSON.stringify(smallVqVae({ batchSize: 4 })));
    const { tf } = await initBackend({ backend: 'wasm' });
    const config = tf.getKernel('ArgMin', 'wasm');
    expect(config).toBeDefined();
    tf.unregisterKernel('ArgMin', 'wasm'); // Tessera does not re-register this one
    try {
      const r = await run(['validate', file, '--kernels', '--backend', 'wasm']);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        /^error node Quantizer \(vq\): Node 'Quantizer' needs the ArgMin kernel \(its forward pass, in objective "vq-vae", preview .+\), which the wasm backend lacks; train on tensorflow \(tfjs-node\) or cpu/m,
      );
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.out).toMatch(/1 error, 0 warnings/);
    } finally {
      if (config) tf.registerKernel(config);
    }
  });

  it('--kernels with a backend that cannot start reports why, as an error', async () => {
    const r = await run(['validate', template, '--kernels', '--backend', 'tensorflow']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: Backend 'tensorflow' unavailable: tfjs-node not installed/m);
  });

  it('--backend without --kernels is refused', async () => {
    const r = await run(['validate', template, '--backend', 'cpu']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--backend is only used with --kernels/);
  });
});
