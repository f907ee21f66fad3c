import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { captureIo, setIo } from '../io';
import { main } from '../main';

const template = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'templates', 'vq-vae.json');
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
});
