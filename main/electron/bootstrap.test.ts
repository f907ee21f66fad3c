import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildElectron } from './build-electron';
import { invokeChannels } from '../../core/ipc/contract';

// The Electron binary is absent here: run the real bootstrap and main process under plain Node
// with a stand-in `electron` module, and check what it asked Electron to do.
describe('desktop main process (electron mocked)', () => {
  it('registers app://, opens one secure window on the VQ-VAE template, answers IPC, serves the UI with the CSP', async () => {
    const out = await buildElectron();
    const mock = fileURLToPath(new URL('./testing/electron-mock.cjs', import.meta.url));
    const log = execFileSync(process.execPath, ['-r', mock, `${out}/main.cjs`], {
      encoding: 'utf8',
      env: { ...process.env, MOCK_WAIT_MS: '8000' },
      timeout: 60_000,
    });
    expect(log).toContain('registerSchemesAsPrivileged [{"scheme":"app"');
    expect(log).toMatch(
      /BrowserWindow \{"preload":"[^"]*preload\.cjs","contextIsolation":true,"sandbox":true,"nodeIntegration":false/,
    );
    expect(log).toContain('loadURL app://tessera/index.html#start=vq-vae');
    expect(log).toContain(`ipc channels ${invokeChannels.length}`);
    expect(log).toMatch(/templates:list -> vq-vae,/);
    expect(log).toMatch(
      /app:\/\/tessera\/index.html (200|404) default-src 'self'|app:\/\/tessera\/index.html 404/,
    );
  });
});
