import { describe, it, expect, vi, beforeEach } from 'vitest';
import { invokeChannels } from '../../core/ipc/contract';
import { electronCsp, appOrigin } from './csp';
import { isTrustedSender, registerIpcHandlers } from './ipc-handlers';
import { mainWindowOptions } from './window-options';
import { fakeEngine } from '../server/handlers/fake-engine';
import { createAppHandlers } from '../server/handlers/app-handlers';

// The Electron binary is absent here: the module is mocked; what we test is our wiring.
const exposed: Record<string, unknown> = {};
const ipcRendererMock = {
  invoke: vi.fn(async (c: string, p: unknown) => ({ c, p })),
  on: vi.fn(),
  removeListener: vi.fn(),
};
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, api: unknown) => (exposed[name] = api) },
  ipcRenderer: ipcRendererMock,
}));

type Handler = (event: unknown, payload: unknown) => Promise<unknown>;

const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } }) as never;

const handlers = () =>
  createAppHandlers({
    engine: fakeEngine(),
    shell: 'electron',
    appVersion: 't',
    templatesDir: '/nonexistent',
    projectsDir: '/nonexistent',
    runsDir: '/nonexistent',
    recentFile: '/nonexistent/recent.json',
    emit: () => undefined,
  }).handlers;

describe('electron shell', () => {
  beforeEach(() => vi.clearAllMocks());

  it('creates the window with contextIsolation, sandbox and no nodeIntegration', () => {
    const w = mainWindowOptions('/app/preload.cjs').webPreferences!;
    expect(w).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      preload: '/app/preload.cjs',
    });
    // Nothing switched on that the checklist warns about, and no option left to a default we did not choose.
    expect(w).not.toHaveProperty('enableBlinkFeatures');
    expect(w).not.toHaveProperty('additionalArguments');
    expect(Object.keys(w).sort()).toEqual(
      [
        'allowRunningInsecureContent',
        'contextIsolation',
        'experimentalFeatures',
        'navigateOnDragDrop',
        'nodeIntegration',
        'nodeIntegrationInSubFrames',
        'nodeIntegrationInWorker',
        'preload',
        'sandbox',
        'spellcheck',
        'webSecurity',
        'webviewTag',
      ].sort(),
    );
  });

  it('has a strict CSP: no inline or eval script, no remote origins', () => {
    expect(electronCsp).toContain("script-src 'self'");
    expect(electronCsp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|https?:/);
    expect(electronCsp).toContain("object-src 'none'");
  });

  it('trusts only the app origin main frame', () => {
    expect(isTrustedSender(frame(`${appOrigin}/index.html`))).toBe(true);
    expect(isTrustedSender(frame('https://evil.example/'))).toBe(false);
    expect(isTrustedSender(frame('file:///etc/passwd'))).toBe(false);
    expect(isTrustedSender(frame('app://tessera.evil.example/index.html'))).toBe(false);
    expect(isTrustedSender(frame('app://other/index.html'))).toBe(false);
    expect(isTrustedSender(frame('http://tessera/index.html'))).toBe(false);
    expect(isTrustedSender(frame('not a url'))).toBe(false);
    expect(isTrustedSender(frame(`${appOrigin}/index.html`, { url: 'x' }))).toBe(false); // a subframe
    expect(isTrustedSender({ senderFrame: null })).toBe(false);
  });

  it('registers one handler per channel that checks the sender and validates the payload', async () => {
    const registered = new Map<string, Handler>();
    const ipcMain = {
      handle: vi.fn((c: string, h: Handler) => registered.set(c, h)),
      removeHandler: vi.fn(),
    };
    const unregister = registerIpcHandlers(ipcMain as never, handlers());
    expect([...registered.keys()].sort()).toEqual([...invokeChannels].sort());

    const list = registered.get('templates:list')!;
    await expect(list(frame('https://evil.example/'), undefined)).rejects.toThrow(
      /did not come from Tessera/,
    );
    await expect(list(frame(`${appOrigin}/index.html`), undefined)).resolves.toEqual([]);

    const pause = registered.get('train:pause')!;
    await expect(pause(frame(`${appOrigin}/index.html`), { runId: 42 })).rejects.toThrow(/runId/);
    const start = registered.get('train:start')!;
    const r = (await start(frame(`${appOrigin}/index.html`), {
      document: { name: 'x' },
      steps: 2,
    })) as { runId: string };
    expect(r.runId).toMatch(/^fake-/);
    await expect(
      pause(frame(`${appOrigin}/index.html`), { runId: r.runId }),
    ).resolves.toBeUndefined();
    unregister();
    expect(ipcMain.removeHandler).toHaveBeenCalledTimes(invokeChannels.length);
  });

  it('the application menu sends File commands to the UI and keeps Ctrl+Z for the document', async () => {
    const { appMenuTemplate } = await import('./app-menu');
    const sent: string[] = [];
    const menu = appMenuTemplate((c) => sent.push(c), false);
    const file = menu.find((m) => m.label === 'File')!.submenu as {
      label?: string;
      accelerator?: string;
      click?: () => void;
    }[];
    for (const item of file) item.click?.();
    expect(sent).toEqual(['new', 'open', 'save', 'saveAs']);
    const accelerators = JSON.stringify(menu);
    expect(accelerators).not.toMatch(/"role":"undo"|"role":"redo"|CmdOrCtrl\+Z/);
  });

  it('the preload exposes exactly the contract channels and its events', async () => {
    await import('./preload');
    const api = exposed['tessera'] as {
      invoke: Record<string, (p: unknown) => Promise<unknown>>;
      on: (e: string, l: () => void) => () => void;
    };
    expect(Object.keys(exposed)).toEqual(['tessera']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(Object.keys(api.invoke).sort()).toEqual([...invokeChannels].sort());
    await api.invoke['project:open']!('/tmp/a.tessera.json');
    expect(ipcRendererMock.invoke).toHaveBeenCalledWith('project:open', '/tmp/a.tessera.json');
    const received: unknown[][] = [];
    const off = api.on('train:event', (...args: unknown[]) => received.push(args));
    expect(ipcRendererMock.on).toHaveBeenCalledWith('train:event', expect.any(Function));
    // The page's listener gets the payload only, never the IpcRendererEvent (which reaches ipcRenderer).
    const wrapped = ipcRendererMock.on.mock.calls[0]![1] as (...a: unknown[]) => void;
    const ipcEvent = { sender: ipcRendererMock, senderId: 0 };
    wrapped(ipcEvent, { runId: 'r1', kind: 'progress' });
    expect(received).toEqual([[{ runId: 'r1', kind: 'progress' }]]);
    expect(JSON.stringify(received)).not.toContain('sender');
    off();
    expect(ipcRendererMock.removeListener).toHaveBeenCalled();
    expect(() => api.on('fs:read', () => undefined)).toThrow(/Unknown event/);
  });
});
