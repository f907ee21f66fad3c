import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validatePayload } from '../../core/ipc/contract.schemas';
import { customCodeHash } from './trust-hash';
import { createTrustHandlers } from './trust-handlers';
import { TrustStore } from './trust-store';

const code = 'export function forward(tf: TF, x: Tensor): Tensor { return tf.neg(x); }';
const document = {
  nodes: { n3: { id: 'n3', type: 'custom/custom-layer', label: 'Negate', params: { code } } },
  modules: {},
};

describe('trust channels', () => {
  it('status reads the store; grant hashes the code in the main process and records it', async () => {
    const store = new TrustStore(
      path.join(mkdtempSync(path.join(tmpdir(), 'trust-h-')), 'trust.json'),
    );
    const h = createTrustHandlers(store);
    const hash = customCodeHash('n3', code);
    expect(await h['trust:status']({ document })).toEqual([
      { nodeId: 'n3', trustId: 'n3', name: 'Negate', hash, trusted: false },
    ]);
    expect(
      await h['trust:grant']({ trustId: 'n3', code, path: '/p/neg.json', how: 'reviewed' }),
    ).toEqual({ hash });
    expect((await h['trust:status']({ document }))[0]?.trusted).toBe(true);
    const saved = JSON.parse(readFileSync(store.file, 'utf8')) as {
      trusted: Record<string, { file: string; how: string }>;
    };
    expect(saved.trusted[hash]).toMatchObject({
      trustId: 'n3',
      file: '/p/neg.json',
      how: 'reviewed',
    });
    // Trust granted to other code (or another node) does not carry over.
    const edited = { nodes: { n3: { ...document.nodes.n3, params: { code: `${code}\n` } } } };
    expect((await h['trust:status']({ document: edited }))[0]?.trusted).toBe(false);
  });

  it('validates grant payloads: a named node, code of at most 100 000 characters, how', () => {
    expect(validatePayload('trust:grant', { trustId: 'n3', code, how: 'authored' }).ok).toBe(true);
    expect(validatePayload('trust:grant', { trustId: '', code, how: 'authored' }).ok).toBe(false);
    expect(validatePayload('trust:grant', { trustId: 'n3', code, how: 'forged' }).ok).toBe(false);
    expect(
      validatePayload('trust:grant', { trustId: 'n3', code: 'x'.repeat(100_001), how: 'reviewed' })
        .ok,
    ).toBe(false);
    expect(validatePayload('trust:status', { document: [] }).ok).toBe(false);
  });
});
