import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_CUSTOM_CODE } from '../../nodes/custom/custom-layer/default-code';
import { customCodeTrust, untrustedCodeDiagnostics } from './custom-code-trust';
import { defaultTrustFile } from './trust-file';
import { customCodeHash } from './trust-hash';
import { TrustStore } from './trust-store';

const tempStore = (): TrustStore =>
  new TrustStore(path.join(mkdtempSync(path.join(tmpdir(), 'trust-')), 'trust.json'));

const docWith = (code: string, extra: Record<string, unknown> = {}) => ({
  trusted: true,
  nodes: {
    n3: {
      id: 'n3',
      type: 'custom/custom-layer',
      label: 'My layer',
      trusted: true,
      params: { code, trusted: true },
      ...extra,
    },
  },
  modules: {
    m: { nodes: { inner: { id: 'inner', type: 'custom/custom-layer', params: { code } } } },
  },
});

describe('trust hash', () => {
  it('changes with any change to the code or the node id, and is sha256 hex', () => {
    const h = customCodeHash('n3', 'export function forward(tf, x) { return x; }');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(customCodeHash('n3', 'export function forward(tf, x) { return x; }')).toBe(h);
    expect(customCodeHash('n3', 'export function forward(tf, x) { return x;  }')).not.toBe(h);
    expect(customCodeHash('n4', 'export function forward(tf, x) { return x; }')).not.toBe(h);
    // The separator keeps id and code apart: 'a' + 'bc' is not 'ab' + 'c'.
    expect(customCodeHash('a', 'bc')).not.toBe(customCodeHash('ab', 'c'));
  });
});

describe('trust store', () => {
  it('records grants atomically and reads them back; other code stays untrusted', async () => {
    const store = tempStore();
    const h = customCodeHash('n3', 'code A');
    expect(store.isTrusted(h)).toBe(false);
    await store.grant(h, { trustId: 'n3', file: '/p/a.json', how: 'reviewed' }, new Date(0));
    expect(store.isTrusted(h)).toBe(true);
    expect(store.isTrusted(customCodeHash('n3', 'code B'))).toBe(false);
    const saved = JSON.parse(readFileSync(store.file, 'utf8')) as Record<string, unknown>;
    expect(saved).toEqual({
      format: 'tessera.trust',
      version: 1,
      trusted: {
        [h]: {
          trustId: 'n3',
          file: '/p/a.json',
          how: 'reviewed',
          grantedAt: '1970-01-01T00:00:00.000Z',
        },
      },
    });
    await expect(store.grant('not-a-hash', { trustId: 'n3', how: 'reviewed' })).rejects.toThrow(
      /sha256/,
    );
  });

  it('trusts nothing from a missing, corrupt or foreign file', async () => {
    const store = tempStore();
    expect(store.entries()).toEqual({});
    const h = customCodeHash('n3', 'x');
    writeFileSync(store.file, '{ not json');
    expect(store.isTrusted(h)).toBe(false);
    writeFileSync(
      store.file,
      JSON.stringify({ format: 'other', trusted: { [h]: { trustId: 'n3' } } }),
    );
    expect(store.isTrusted(h)).toBe(false);
    // A grant replaces an unreadable file with a valid one.
    await store.grant(h, { trustId: 'n3', how: 'authored' });
    expect(store.isTrusted(h)).toBe(true);
  });

  it('lives beside the recent files unless TESSERA_TRUST_FILE names it', () => {
    expect(defaultTrustFile({ TESSERA_TRUST_FILE: '/x/t.json' }, '/home/u')).toBe('/x/t.json');
    expect(defaultTrustFile({ TESSERA_RECENT_FILE: '/cfg/app/recent.json' }, '/home/u')).toBe(
      '/cfg/app/trust.json',
    );
    expect(defaultTrustFile({ XDG_CONFIG_HOME: '/cfg' }, '/home/u')).toBe(
      '/cfg/tessera/trust.json',
    );
    expect(defaultTrustFile({}, '/home/u')).toBe('/home/u/.config/tessera/trust.json');
  });
});

describe('custom code trust of a document', () => {
  it('ignores trusted: true in the file; only the store (or the shipped default) trusts', async () => {
    const store = tempStore();
    const doc = docWith('export function forward(tf, x) { return x; }');
    const before = customCodeTrust(doc, store);
    expect(before.map((c) => [c.trustId, c.trusted])).toEqual([
      ['n3', false],
      ['m/inner', false],
    ]);
    const diags = untrustedCodeDiagnostics(before, '/p/model.json');
    expect(diags[0]).toMatchObject({
      severity: 'error',
      source: 'trust',
      nodeId: 'n3',
      path: '/nodes/n3',
    });
    expect(diags[0]?.message).toMatch(
      /Custom layer "My layer" \(n3\) holds code that has not been trusted on this machine.*tessera trust \/p\/model\.json/,
    );
    expect(diags[1]).toMatchObject({ nodeId: 'inner', path: '/modules/m/nodes/inner' });

    await store.grant(before[0]!.hash, { trustId: 'n3', how: 'reviewed' });
    const after = customCodeTrust(doc, store);
    expect(after.map((c) => c.trusted)).toEqual([true, false]);
    // One changed character: untrusted again.
    const edited = customCodeTrust(docWith('export function forward(tf, x) { return x ; }'), store);
    expect(edited[0]?.trusted).toBe(false);
    // Tessera's own default code is trusted without a grant.
    expect(customCodeTrust(docWith(DEFAULT_CUSTOM_CODE), tempStore())[0]?.trusted).toBe(true);
  });
});
