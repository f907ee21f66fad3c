import { describe, it, expect, afterEach, beforeEach } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { customCodeHash } from '../../trust/trust-hash';
import { TrustStore } from '../../trust/trust-store';
import { captureIo, setIo } from '../io';
import { main } from '../main';

const code = 'export function forward(tf: TF, x: Tensor): Tensor {\n  return tf.relu(x);\n}\n';
let dir: string;
let trustFile: string;
let saved: string | undefined;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'trust-cli-'));
  trustFile = path.join(dir, 'trust.json');
  saved = process.env.TESSERA_TRUST_FILE;
  process.env.TESSERA_TRUST_FILE = trustFile;
});
afterEach(() => {
  setIo(undefined);
  if (saved === undefined) delete process.env.TESSERA_TRUST_FILE;
  else process.env.TESSERA_TRUST_FILE = saved;
});

const run = async (args: string[]) => {
  const cap = captureIo();
  setIo(cap);
  const exit = await main(args);
  return { exit, out: cap.stdout.join(''), err: cap.stderr.join('') };
};

const project = (nodes: Record<string, unknown>): string => {
  const file = path.join(dir, 'p.json');
  writeFileSync(file, JSON.stringify({ nodes, modules: {}, trusted: true }));
  return file;
};

describe('tessera trust', () => {
  it('shows the code and its hash, records nothing without --yes, trusts with --yes', async () => {
    const file = project({
      relu: {
        id: 'relu',
        type: 'custom/custom-layer',
        label: 'My ReLU',
        trusted: true,
        params: { code },
      },
    });
    const hash = customCodeHash('relu', code);
    const look = await run(['trust', file]);
    expect(look.exit).toBe(1);
    expect(look.out).toContain(
      `Custom layer "My ReLU" (relu): not trusted\n  sha256 ${hash}\n  | export function forward`,
    );
    expect(look.out).toContain('  |   return tf.relu(x);');
    expect(look.err).toMatch(/1 custom code is not trusted.*tessera trust .*p\.json --yes/);
    expect(existsSync(trustFile)).toBe(false);

    const yes = await run(['trust', file, '--yes']);
    expect(yes.exit).toBe(0);
    expect(yes.out).toContain(`Trusted 1 custom code (recorded in ${trustFile})`);
    expect(new TrustStore(trustFile).isTrusted(hash)).toBe(true);
    const again = await run(['trust', file]);
    expect(again.exit).toBe(0);
    expect(again.out).toContain('(relu): trusted on this machine');
  });

  it('says when there is nothing to trust, and refuses bad arguments', async () => {
    const none = await run(['trust', project({})]);
    expect(none).toMatchObject({ exit: 0 });
    expect(none.out).toMatch(/has no custom code/);
    expect((await run(['trust'])).exit).toBe(2);
    expect((await run(['trust', path.join(dir, 'missing.json')])).err).toMatch(/does not exist/);
  });
});
