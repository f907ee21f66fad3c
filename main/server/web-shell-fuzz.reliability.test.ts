// Fuzz: a real web shell process (testing/hostile-web-shell.ts: the HTTP server and contract
// handlers over a stand-in engine) takes a seeded corpus of hostile requests over raw sockets:
// HTTP requests over every route (testing/hostile-corpus.ts: static files, the token exchange,
// POST /api/invoke/<channel> for every channel, /api/events without an upgrade, unknown /api/
// paths, and bytes that are not HTTP), then WebSocket upgrades that must be refused and sessions
// whose hostile message must end them (testing/hostile-ws-corpus.ts).
//
// Every request carries one mutation that must get it refused, so every answer must be a 4xx
// (a 5xx would be an internal error the top-level catch contained: counted, and must be 0);
// none may be accepted. After each batch a good page load and invoke must still succeed and the
// prototypes in the shell process must be untouched. Restarts (the HTTP server object closing,
// or the process exiting; the helper then starts a new one) must be 0; past 3 the run stops
// early and reports what it measured.
//
// Figures (area 'web-shell'): requests tried, refused, accepted, internal errors, without a
// status; server restarts; WebSocket attempts and those not refused/ended; prototype pollution.
// Under plain `npm test`: 2,400 HTTP requests and 400 WebSocket attempts; under
// `npm run reliability` (TESSERA_RELIABILITY_OUT set): 6,000 and 1,000. Same seed, so it reproduces.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordFigure, reliabilityOutVar } from '../../tests/reliability/figures';
import { hostileCorpus, renderRequest, type HostileSpec } from './testing/hostile-corpus';
import { hostileMessages, hostileUpgrades, type HostileMessage } from './testing/hostile-ws-corpus';
import { rawRequest, requestBytes } from './testing/raw-http';
import { rawUpgrade, sendAndAwaitClose, upgradeHeaders } from './testing/raw-websocket';
import { startShellProcess, type ShellProcess } from './testing/shell-process';

const source = 'main/server/web-shell-fuzz.reliability.test.ts';
const full = Boolean(process.env[reliabilityOutVar]);
const seed = 16_01;
const httpCount = full ? 6000 : 2400;
const upgradeCount = full ? 500 : 200;
const messageCount = full ? 500 : 200;
const batchSize = 200;
const concurrency = 8;
const maxRestarts = 3;
const mutationKinds = [
  'bad-body-bad-content-length',
  'bad-body-bad-payload',
  'bad-body-deep-nesting',
  'bad-body-not-an-object',
  'bad-body-not-json',
  'bad-body-not-utf8',
  'bad-body-prototype-key',
  'bad-body-too-large',
  'bad-channel',
  'bad-headers',
  'bad-host-duplicate',
  'bad-host-foreign',
  'bad-host-missing',
  'bad-method',
  'bad-origin',
  'bad-path',
  'bad-target',
  'cross-site',
  'garbage',
  'malformed-cookie',
  'no-token',
  'wrong-method-for-route',
  'wrong-token',
];

/** Runs f over items, at most `limit` at a time. */
const pool = async <T>(items: T[], limit: number, f: (item: T) => Promise<void>) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await f(items[next++] as T);
    }),
  );
};

const batches = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );

const fill = (s: string, shell: ShellProcess): string =>
  s.replaceAll('{{PORT}}', String(shell.port)).replaceAll('{{TOKEN}}', shell.token);

/** A page load and an invoke, as the studio makes them; true when both succeed. */
const goodRequestsWork = async (shell: ShellProcess): Promise<boolean> => {
  const host: [string, string] = ['Host', `127.0.0.1:${shell.port}`];
  const cookie: [string, string] = ['Cookie', `tessera-token-${shell.port}=${shell.token}`];
  const page = await rawRequest(shell.port, requestBytes('GET', '/index.html', [host, cookie]));
  const list = await rawRequest(
    shell.port,
    requestBytes(
      'POST',
      '/api/invoke/templates%3Alist',
      [host, ['X-Tessera-Token', shell.token], ['Content-Length', '2']],
      '{}',
    ),
  );
  return (
    page.status === 200 &&
    page.body.includes('<title>Tessera</title>') &&
    list.status === 200 &&
    list.body.includes('"vq-vae"')
  );
};

/** The close code a message of this kind must bring (undefined: the connection just ends). */
const expectedClose = (m: HostileMessage): number | undefined =>
  (
    ({
      'invalid-json': 1008,
      'channel-message': 1008,
      'event-message': 1008,
      binary: 1008,
      'deep-json': 1008,
      'bad-opcode': 1002,
      unmasked: 1002,
      'rsv-bits': 1002,
      'bad-utf8': 1007,
      oversized: 1009,
    }) as Record<string, number>
  )[m.kind];

const describeSpec = (s: HostileSpec, extra: string): string =>
  `${s.kind} ${s.route} ${JSON.stringify(s.method.slice(0, 20))} ${JSON.stringify((s.garbage ?? s.target).slice(0, 80))}: ${extra}`;

interface Tally {
  tried: number;
  refused: number;
  internalErrors: string[];
  accepted: string[];
  noStatus: string[];
  byKind: Map<string, Map<number, number>>;
  wsAttempts: number;
  wsFailures: string[];
  polluted: Set<string>;
  badBatches: number;
}

const sendHttp = async (shell: ShellProcess, spec: HostileSpec, t: Tally): Promise<void> => {
  t.tried += 1;
  const r = await rawRequest(shell.port, renderRequest(spec, shell.port, shell.token), {
    halfClose: spec.garbage !== undefined,
  });
  const kind = t.byKind.get(spec.kind) ?? new Map<number, number>();
  kind.set(r.status, (kind.get(r.status) ?? 0) + 1);
  t.byKind.set(spec.kind, kind);
  if (r.status >= 400 && r.status <= 499) t.refused += 1;
  else if (r.status >= 500 && r.status <= 599) {
    t.refused += 1;
    t.internalErrors.push(describeSpec(spec, `${r.status} ${r.body.slice(0, 120)}`));
  } else if (r.status === 0) t.noStatus.push(describeSpec(spec, r.failure ?? 'closed'));
  else t.accepted.push(describeSpec(spec, `${r.status} ${r.body.slice(0, 80)}`));
};

const sendUpgrade = async (
  shell: ShellProcess,
  u: ReturnType<typeof hostileUpgrades>[number],
  t: Tally,
): Promise<void> => {
  t.wsAttempts += 1;
  const headers = upgradeHeaders(`127.0.0.1:${shell.port}`);
  for (const [name, value] of u.change) {
    const i = headers.findIndex(([k]) => k === name);
    if (i >= 0) headers.splice(i, 1);
    if (value !== null) headers.push([name, fill(value, shell)]);
  }
  const r = await rawUpgrade(shell.port, fill(u.target, shell), headers, { method: u.method });
  if (r.status === 101) r.socket?.destroy();
  if (!(r.status >= 400 && r.status <= 499))
    t.wsFailures.push(
      `upgrade ${u.kind} ${u.method} ${u.target} ${JSON.stringify(u.change)}: ${r.status}`,
    );
};

const sendMessage = async (shell: ShellProcess, m: HostileMessage, t: Tally): Promise<void> => {
  t.wsAttempts += 1;
  const up = await rawUpgrade(
    shell.port,
    `/api/events?token=${shell.token}`,
    upgradeHeaders(`127.0.0.1:${shell.port}`),
  );
  if (up.status !== 101 || !up.socket) {
    t.wsFailures.push(`message ${m.kind}: the good upgrade got ${up.status}`);
    return;
  }
  const want = expectedClose(m);
  const end = await sendAndAwaitClose(up.socket, m.bytes, { halfClose: want === undefined });
  if (!end.ended || (want !== undefined && end.closeCode !== want))
    t.wsFailures.push(
      `message ${m.kind}: ended ${end.ended}, close ${end.closeCode ?? 'none'} (want ${want ?? 'any'})`,
    );
};

describe('web shell under a hostile request corpus', () => {
  it(`refuses ${httpCount} hostile HTTP requests and ${upgradeCount + messageCount} WebSocket attempts without restarting`, async () => {
    const started = performance.now();
    const shell = await startShellProcess(mkdtempSync(nodePath.join(tmpdir(), 'tessera-fuzz-')));
    const t: Tally = {
      tried: 0,
      refused: 0,
      internalErrors: [],
      accepted: [],
      noStatus: [],
      byKind: new Map(),
      wsAttempts: 0,
      wsFailures: [],
      polluted: new Set(),
      badBatches: 0,
    };
    const crashing = (): boolean => shell.restarts > maxRestarts;
    const afterBatch = async (): Promise<void> => {
      await shell.ready();
      if (!(await goodRequestsWork(shell))) t.badBatches += 1;
      for (const p of await shell.probe()) t.polluted.add(p);
    };
    const run = async <T>(items: T[], f: (item: T) => Promise<void>): Promise<void> => {
      for (const batch of batches(items, batchSize)) {
        if (crashing()) return;
        await pool(batch, concurrency, async (item) => (crashing() ? undefined : f(item)));
        await afterBatch();
      }
    };
    try {
      await run(hostileCorpus(seed, httpCount), (spec) => sendHttp(shell, spec, t));
      await run(hostileUpgrades(seed, upgradeCount), (u) => sendUpgrade(shell, u, t));
      await run(hostileMessages(seed, messageCount), (m) => sendMessage(shell, m, t));
    } finally {
      await shell.stop();
    }

    const seconds = (performance.now() - started) / 1000;
    const restarts = shell.restarts;
    const fig = (label: string, value: number, target: string, pass: boolean) =>
      recordFigure({ area: 'web-shell', label, value, target, pass, source });
    fig(
      'hostile HTTP requests tried (seeded corpus, every route)',
      t.tried,
      `${httpCount}`,
      t.tried === httpCount,
    );
    fig(
      'HTTP requests refused with 4xx/5xx',
      t.refused,
      `${httpCount} (all)`,
      t.refused === httpCount,
    );
    fig('HTTP requests accepted (2xx/3xx)', t.accepted.length, '0', t.accepted.length === 0);
    fig(
      'HTTP requests answered 5xx (an internal error caught)',
      t.internalErrors.length,
      '0',
      t.internalErrors.length === 0,
    );
    fig('HTTP requests left without a status', t.noStatus.length, '0', t.noStatus.length === 0);
    fig('web shell restarts (server closed or process exited)', restarts, '0', restarts === 0);
    const wsWanted = upgradeCount + messageCount;
    fig(
      'WebSocket attempts (upgrades + hostile messages)',
      t.wsAttempts,
      `${wsWanted}`,
      t.wsAttempts === wsWanted,
    );
    fig(
      'WebSocket attempts not refused or closed as expected',
      t.wsFailures.length,
      '0',
      t.wsFailures.length === 0,
    );
    fig(
      'prototype pollution (properties added to built-in prototypes)',
      t.polluted.size,
      '0',
      t.polluted.size === 0,
    );
    fig('batches after which a good request failed', t.badBatches, '0', t.badBatches === 0);
    fig('fuzz run time (s)', Math.round(seconds), '< 60', seconds < 60);

    const summary = [...t.byKind]
      .map(([k, m]) => `${k}: ${[...m].map(([s, n]) => `${s}×${n}`).join(' ')}`)
      .join('\n');
    expect(restarts, shell.stderr.slice(0, 2000)).toBe(0);
    expect(t.accepted, summary).toEqual([]);
    expect(t.internalErrors, summary).toEqual([]);
    expect(t.noStatus, summary).toEqual([]);
    expect(t.tried).toBe(httpCount);
    expect(t.refused).toBe(httpCount);
    expect(t.wsFailures).toEqual([]);
    expect(t.wsAttempts).toBe(wsWanted);
    expect([...t.polluted]).toEqual([]);
    expect(t.badBatches).toBe(0);
    // Every kind of mutation was tried, so a corpus change cannot quietly drop one.
    expect([...t.byKind.keys()].sort(), summary).toEqual(mutationKinds);
  }, 120_000);
});
