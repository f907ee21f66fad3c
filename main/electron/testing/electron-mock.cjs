/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload for node -r */
// Stands in for Electron (absent here) when bootstrap.test.ts runs the desktop main process under plain Node.
'use strict';
const Module = require('node:module');
const { EventEmitter } = require('node:events');
const log = (...a) => console.log('[electron mock]', ...a);
const permissionSession = (name) => ({
  setPermissionRequestHandler: (h) => {
    globalThis.__permissionRequest = h;
    log('setPermissionRequestHandler', name);
  },
  setPermissionCheckHandler: (h) => {
    globalThis.__permissionCheck = h;
    log('setPermissionCheckHandler', name);
  },
  setDevicePermissionHandler: () => log('setDevicePermissionHandler', name),
});
class WebContents extends EventEmitter {
  constructor() {
    super();
    this.session = permissionSession('window');
  }
  setWindowOpenHandler(h) {
    this.windowOpenHandler = h;
    log('setWindowOpenHandler');
  }
  send(c) {
    log('send', c);
  }
}
const app = new EventEmitter();
class BrowserWindow extends EventEmitter {
  constructor(o) {
    super();
    this.webContents = new WebContents();
    globalThis.__contents = this.webContents;
    app.emit('web-contents-created', {}, this.webContents);
    log('BrowserWindow', JSON.stringify(o.webPreferences));
  }
  isDestroyed() {
    return false;
  }
  async loadURL(u) {
    log('loadURL', u);
  }
}
const handlers = new Map();
Object.assign(app, {
  whenReady: async () => log('whenReady'),
  getPath: (n) => '/tmp/electron-mock-' + n,
  getVersion: () => '0.1.0',
  exit: (c) => {
    log('exit', c);
    process.exit(c);
  },
  quit: () => {},
});
const opened = [];
const mock = {
  app,
  session: { defaultSession: permissionSession('default') },
  protocol: {
    registerSchemesAsPrivileged: (s) => log('registerSchemesAsPrivileged', JSON.stringify(s)),
    handle: (s, fn) => {
      log('protocol.handle', s);
      globalThis.__appHandler = fn;
    },
  },
  ipcMain: { handle: (c, h) => handlers.set(c, h), removeHandler: () => {} },
  shell: {
    openExternal: async (u) => {
      opened.push(u);
    },
  },
  BrowserWindow,
};
const orig = Module._load;
Module._load = function (req, ...rest) {
  return req === 'electron' || /node_modules\/electron\/index\.js$/.test(req)
    ? mock
    : orig.call(this, req, ...rest);
};
// The probe starts after MOCK_WAIT_MS and then waits (up to 30 s more) for the app to have
// registered its IPC handlers: on a loaded machine the main process can take longer to get there.
const whenReady = async () => {
  const deadline = Date.now() + 30_000;
  while (!handlers.has('templates:list') && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
};
setTimeout(
  async () => {
    await whenReady();
    log('ipc channels', [...handlers.keys()].length);
    const h = handlers.get('templates:list');
    const r = await h(
      { senderFrame: { url: 'app://tessera/index.html', parent: null } },
      undefined,
    );
    log('templates:list ->', r.map((t) => t.id).join(','));
    const res = await globalThis.__appHandler(new Request('app://tessera/index.html'));
    log('app://tessera/index.html', res.status, res.headers.get('content-security-policy'));
    // The lock-down of the window's webContents, through the listeners the app registered.
    const contents = globalThis.__contents;
    const navigate = (url) => {
      let prevented = false;
      contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
      return prevented ? 'refused' : 'allowed';
    };
    log('will-navigate https://evil.example/ ->', navigate('https://evil.example/'));
    log('will-navigate app://tessera/index.html ->', navigate('app://tessera/index.html'));
    const win = contents.windowOpenHandler({ url: 'https://arxiv.org/abs/1711.00937' });
    const evil = contents.windowOpenHandler({ url: 'file:///etc/passwd' });
    await new Promise((r) => setTimeout(r, 10));
    log('window.open ->', win.action, evil.action, 'opened', JSON.stringify(opened));
    let granted;
    globalThis.__permissionRequest(contents, 'media', (g) => (granted = g));
    log('permission media ->', granted, 'check ->', globalThis.__permissionCheck());
    process.exit(0);
  },
  Number(process.env.MOCK_WAIT_MS ?? 6000),
);
const id = require.resolve('electron');
const m = new Module(id);
m.filename = id;
m.loaded = true;
m.exports = mock;
require.cache[id] = m;
