// Fuzz: a real web shell process (testing/hostile-web-shell.ts: the HTTP server and contract
// handlers over a stand-in engine) takes a seeded corpus of hostile requests over raw sockets:
// 2,400 HTTP requests over every route (testing/hostile-corpus.ts: static files, the token
// exchange, POST /api/invoke/<channel> for every channel, /api/events without an upgrade, unknown
// /api/ paths, and bytes that are not HTTP), then 200 WebSocket upgrades that must be refused and
// 200 sessions whose hostile message must end them (testing/hostile-ws-corpus.ts).
//
// Every request carries one mutation that must get it refused, so every answer must be a 4xx/5xx
// (none is accepted); after each batch of 200 a good page load and invoke must still succeed, and
// the prototypes in the shell process must be untouched. Restarts (the HTTP server object
// closing, or the process exiting; the helper then starts a new one) must be 0.
//
// Figures (area 'web-shell'): requests tried, refused, accepted, with no status; server
// restarts; WebSocket attempts and those not refused/ended; prototype pollution.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordFigure } from '../../tests/reliability/figures';
import { hostileCorpus, renderRequest, type HostileSpec } from './testing/hostile-corpus';
import { hostileMessages, hostileUpgrades, type HostileMessage } from './testing/hostile-ws-corpus';
import { rawRequest, requestBytes } from './testing/raw-http';
import { rawUpgrade, sendAndAwaitClose, upgradeHeaders } from './testing/raw-websocket';
import { startShellProcess, type ShellProcess } from './testing/shell-process';

const source = 'main/server/web-shell-fuzz.reliability.test.ts';
const seed = 16_01;
const httpCount = 2400;
const batchSize = 200;
const upgradeCount = 200;
const messageCount = 200;
const concurrency = 8;

/** Runs f over items, at most `limit` at a time. */
const pool = async <T>(items: T[], limit: number, f: (item: T) => Promise<void>) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await f(items[next++] as T);
    }),
  );
};

const fill = (s: string, shell: ShellProcess): string =>
  s.replaceAll('{{PORT}}', String(shell.port)).replaceAll('{{TOKEN}}', shell.token);

/** A page load and an invoke, as the studio makes them; true when both succeed. */
const goodRequestsWork = async (shell: ShellProcess): Promise<boolean> => {
  const host: [string, string] = ['Host', `127.0.0.1:${shell.port}`];
  const page = await rawRequest(
    shell.port,
    requestBytes('GET', '/index.html', [
      host,
      ['Cookie', `tessera-token-${shell.port}=${shell.token}`],
    ]),
  );
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
  })[m.kind];

describe('web shell under a hostile request corpus', () => {
  it(`answers ${httpCount} hostile HTTP requests and ${upgradeCount + messageCount} WebSocket attempts, refusing all, never restarting`, async () => {
    const started = performance.now();
    const shell = await startShellProcess(mkdtempSync(nodePath.join(tmpdir(), 'tessera-fuzz-')));
    const accepted: string[] = [];
    const noStatus: string[] = [];
    const byKind = new Map<string, Map<number, number>>();
    const polluted = new Set<string>();
    let refused = 0;
    let badBatches = 0;
    const note = (spec: HostileSpec, status: number): void => {
      const m = byKind.get(spec.kind) ?? new Map<number, number>();
      m.set(status, (m.get(status) ?? 0) + 1);
      byKind.set(spec.kind, m);
    };
    const describeSpec = (s: HostileSpec, extra: string): string =>
      `${s.kind} ${s.route} ${JSON.stringify(s.method.slice(0, 20))} ${JSON.stringify(s.target.slice(0, 80))}: ${extra}`;
    const afterBatch = async (): Promise<void> => {
      if (!(await goodRequestsWork(shell))) badBatches += 1;
      for (const p of await shell.probe()) polluted.add(p);
    };

    try {
      const corpus = hostileCorpus(seed, httpCount);
      for (let at = 0; at < corpus.length; at += batchSize) {
        await pool(corpus.slice(at, at + batchSize), concurrency, async (spec) => {
          const r = await rawRequest(shell.port, renderRequest(spec, shell.port, shell.token), {
            halfClose: spec.garbage !== undefined,
          });
          note(spec, r.status);
          if (r.status >= 400 && r.status <= 599) refused += 1;
          else if (r.status === 0) noStatus.push(describeSpec(spec, r.failure ?? 'closed'));
          else accepted.push(describeSpec(spec, `${r.status} ${r.body.slice(0, 80)}`));
        });
        await afterBatch();
      }

      // WebSocket upgrades that must be refused.
      let wsAttempts = 0;
      const wsFailures: string[] = [];
      await pool(hostileUpgrades(seed, upgradeCount), concurrency, async (u) => {
        wsAttempts += 1;
        const headers = upgradeHeaders(`127.0.0.1:${shell.port}`);
        for (const [name, value] of u.change) {
          const i = headers.findIndex(([k]) => k === name);
          if (i >= 0) headers.splice(i, 1);
          if (value !== null) headers.push([name, fill(value, shell)]);
        }
        const r = await rawUpgrade(shell.port, fill(u.target, shell), headers, {
          method: u.method,
        });
        if (r.status === 101) r.socket?.destroy();
        if (!(r.status >= 400 && r.status <= 599))
          wsFailures.push(
            `upgrade ${u.kind} ${u.method} ${u.target} ${JSON.stringify(u.change)}: ${r.status}`,
          );
      });
      await afterBatch();

      // Hostile messages on accepted sockets: each must end the session.
      await pool(hostileMessages(seed, messageCount), concurrency, async (m) => {
        wsAttempts += 1;
        const up = await rawUpgrade(
          shell.port,
          `/api/events?token=${shell.token}`,
          upgradeHeaders(`127.0.0.1:${shell.port}`),
        );
        if (up.status !== 101 || !up.socket) {
          wsFailures.push(`message ${m.kind}: the good upgrade got ${up.status}`);
          return;
        }
        const end = await sendAndAwaitClose(up.socket, m.bytes, {
          halfClose: expectedClose(m) === undefined,
        });
        const want = expectedClose(m);
        if (!end.ended || (want !== undefined && end.closeCode !== want))
          wsFailures.push(
            `message ${m.kind}: ended ${end.ended}, close ${end.closeCode ?? 'none'} (want ${want ?? 'any'})`,
          );
      });
      await afterBatch();

      const seconds = (performance.now() - started) / 1000;
      const restarts = shell.restarts;
      const summary = [...byKind]
        .map(([k, m]) => `${k}: ${[...m].map(([s, n]) => `${s}×${n}`).join(' ')}`)
        .join('\n');
      const pass = {
        tried: httpCount >= 2000,
        all: refused === httpCount,
        accepted: accepted.length === 0,
        noStatus: noStatus.length === 0,
        restarts: restarts === 0,
        ws: wsFailures.length === 0 && wsAttempts >= 300,
        pollution: polluted.size === 0,
        batches: badBatches === 0,
      };
      const fig = (label: string, value: number, target: string, ok: boolean) =>
        recordFigure({ area: 'web-shell', label, value, target, pass: ok, source });
      fig(
        'hostile HTTP requests tried (seeded corpus, every route)',
        httpCount,
        '>= 2000',
        pass.tried,
      );
      fig('HTTP requests refused with 4xx/5xx', refused, `${httpCount} (all)`, pass.all);
      fig('HTTP requests accepted (2xx/3xx)', accepted.length, '0', pass.accepted);
      fig('HTTP requests left without a status', noStatus.length, '0', pass.noStatus);
      fig('web shell restarts (server closed or process exited)', restarts, '0', pass.restarts);
      fig(
        'WebSocket attempts (upgrades + hostile messages)',
        wsAttempts,
        '>= 300',
        wsAttempts >= 300,
      );
      fig(
        'WebSocket attempts not refused or closed as expected',
        wsFailures.length,
        '0',
        wsFailures.length === 0,
      );
      fig(
        'prototype pollution (properties added to built-in prototypes)',
        polluted.size,
        '0',
        pass.pollution,
      );
      fig('batches after which a good request failed', badBatches, '0', pass.batches);
      fig('fuzz run time (s)', Math.round(seconds), '< 60', seconds < 60);

      expect(accepted, summary).toEqual([]);
      expect(noStatus, summary).toEqual([]);
      expect(refused, summary).toBe(httpCount);
      expect(wsFailures).toEqual([]);
      expect(wsAttempts).toBe(upgradeCount + messageCount);
      expect([...polluted]).toEqual([]);
      expect(badBatches).toBe(0);
      expect(restarts, shell.stderr).toBe(0);
      expect(shell.alive()).toBe(true);
      // Every kind of mutation was tried, so a corpus change cannot quietly drop one.
      expect([...byKind.keys()].length).toBeGreaterThanOrEqual(20);
    } finally {
      await shell.stop();
    }
  }, 180_000);
});
