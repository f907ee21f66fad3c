// The two requests that used to take the web shell process down, sent to a real shell process:
// each must be answered, and the process must keep running and serving.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, requestBytes } from './testing/raw-http';
import { startShellProcess, type ShellProcess } from './testing/shell-process';

describe('web shell process under the known crashing requests', () => {
  let shell: ShellProcess;
  beforeAll(async () => {
    shell = await startShellProcess(mkdtempSync(nodePath.join(tmpdir(), 'tessera-crash-')));
  });
  afterAll(async () => shell.stop());

  const host = (): [string, string] => ['Host', `127.0.0.1:${shell.port}`];
  const stillServes = async (): Promise<void> => {
    const r = await rawRequest(
      shell.port,
      requestBytes('GET', '/index.html', [host(), ['X-Tessera-Token', shell.token]]),
    );
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>Tessera</title>');
  };

  it('a malformed token cookie without any token is "not the token" (401), not a crash', async () => {
    const r = await rawRequest(
      shell.port,
      requestBytes('GET', '/', [host(), ['Cookie', `tessera-token-${shell.port}=%E0%A4%A`]]),
    );
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false });
    expect(shell.alive()).toBe(true);
    await stillServes();
    expect(shell.restarts).toBe(0);
  });

  it('an invoke channel with bad percent-encoding and a valid token is a 400 naming it', async () => {
    const r = await rawRequest(
      shell.port,
      requestBytes(
        'POST',
        '/api/invoke/%E0',
        [host(), ['X-Tessera-Token', shell.token], ['Content-Length', '2']],
        '{}',
      ),
    );
    expect(r.status).toBe(400);
    expect((JSON.parse(r.body) as { error: string }).error).toContain('%E0');
    expect(shell.alive()).toBe(true);
    await stillServes();
    expect(shell.restarts).toBe(0);
  });
});
