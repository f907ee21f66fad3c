// Both shells' front doors over one set of handlers, for tests that run the same requests
// through each: the web shell's HTTP bridge (token, Host allowlist, schema check) and Electron's
// IPC handlers (sender check, schema check), with Electron's ipcMain faked.
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import type { InvokeChannel, InvokeHandlers } from '../../../core/ipc/contract';
import { appOrigin } from '../../electron/csp';
import { registerIpcHandlers } from '../../electron/ipc-handlers';
import { startWebServer } from '../../server/web-server';

export interface ShellClient {
  shell: 'web' | 'electron';
  /** The handler's answer; rejects with the shell's error (HTTP status, IPC exception). */
  invoke(channel: InvokeChannel, payload?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

const post = (port: number, token: string, channel: string, payload: unknown) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: `/api/invoke/${encodeURIComponent(channel)}`,
        method: 'POST',
        headers: { 'x-tessera-token': token, 'content-type': 'application/json' },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ payload }));
  });

export const webClient = async (handlers: InvokeHandlers): Promise<ShellClient> => {
  const staticDir = mkdtempSync(nodePath.join(tmpdir(), 'tessera-static-'));
  const server = await startWebServer({ staticDir, handlers });
  return {
    shell: 'web',
    invoke: async (channel, payload) => {
      const r = await post(server.port, server.token, channel, payload);
      const body = JSON.parse(r.body) as { ok: boolean; result?: unknown; error?: string };
      if (r.status !== 200 || !body.ok) throw new Error(`HTTP ${r.status}: ${body.error}`);
      return body.result;
    },
    close: () => server.close(),
  };
};

type IpcHandler = (event: unknown, payload: unknown) => Promise<unknown>;

export const electronClient = async (handlers: InvokeHandlers): Promise<ShellClient> => {
  const registered = new Map<string, IpcHandler>();
  const unregister = registerIpcHandlers(
    {
      handle: (channel: string, h: IpcHandler) => void registered.set(channel, h),
      removeHandler: (channel: string) => void registered.delete(channel),
    } as never,
    handlers,
  );
  const window = { senderFrame: { url: `${appOrigin}/index.html`, parent: null } };
  return {
    shell: 'electron',
    invoke: async (channel, payload) => {
      const h = registered.get(channel);
      if (!h) throw new Error(`No IPC handler for ${channel}.`);
      return h(window, payload);
    },
    close: async () => unregister(),
  };
};
