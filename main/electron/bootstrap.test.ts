import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildElectron } from './build-electron';
import { invokeChannels } from '../../core/ipc/contract';
import { appSchemePrivileges } from './app-protocol';

// The Electron binary is absent here: run the real bootstrap and main process under plain Node
// with a stand-in `electron` module, and check what it asked Electron to do.
describe('desktop main process (electron mocked)', () => {
  it('registers app://, opens one secure window on the VQ-VAE template, answers IPC, serves the UI with the CSP, locks the window down', async () => {
    const out = await buildElectron();
    const mock = fileURLToPath(new URL('./testing/electron-mock.cjs', import.meta.url));
    const log = execFileSync(process.execPath, ['-r', mock, `${out}/main.cjs`], {
      encoding: 'utf8',
      env: { ...process.env, MOCK_WAIT_MS: '8000' },
      timeout: 60_000,
    });
    // bootstrap.cjs registers the scheme itself (before 'ready'): the same privileges as app-protocol.ts.
    expect(log).toContain(`registerSchemesAsPrivileged ${JSON.stringify(appSchemePrivileges)}`);
    expect(log).toMatch(
      /BrowserWindow \{"preload":"[^"]*preload\.cjs","contextIsolation":true,"sandbox":true,"nodeIntegration":false/,
    );
    expect(log).toContain('loadURL app://tessera/index.html#start=vq-vae');
    expect(log).toContain(`ipc channels ${invokeChannels.length}`);
    expect(log).toMatch(/templates:list -> vq-vae,/);
    expect(log).toMatch(
      /app:\/\/tessera\/index.html (200|404) default-src 'self'|app:\/\/tessera\/index.html 404/,
    );
    // Permissions denied in the default session and the window's, before the page loads.
    expect(log).toContain('setPermissionRequestHandler default');
    expect(log).toContain('setPermissionCheckHandler default');
    expect(log).toContain('setPermissionRequestHandler window');
    expect(log).toContain('permission media -> false check -> false');
    // The window's webContents was locked down through app.on('web-contents-created').
    expect(log).toContain('will-navigate https://evil.example/ -> refused');
    expect(log).toContain('will-navigate app://tessera/index.html -> allowed');
    expect(log).toContain('window.open -> deny deny opened ["https://arxiv.org/abs/1711.00937"]');
    // A sandboxed preload can require only 'electron': the bundle requires nothing else.
    const preload = readFileSync(nodePath.join(out, 'preload.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(required.length).toBeGreaterThan(0);
    expect([...new Set(required)]).toEqual(['electron']);
  });
});
