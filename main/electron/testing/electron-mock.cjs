/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload for node -r */
// Stands in for Electron (absent here) when bootstrap.test.ts runs the desktop main process under plain Node.
'use strict';
const Module = require('node:module');
const { EventEmitter } = require('node:events');
const log = (...a) => console.log('[electron mock]', ...a);
class WebContents extends EventEmitter {
  setWindowOpenHandler() {
    log('setWindowOpenHandler');
  }
  send(c) {
    log('send', c);
  }
}
class BrowserWindow extends EventEmitter {
  constructor(o) {
    super();
    this.webContents = new WebContents();
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
const mock = {
  app: {
    whenReady: async () => log('whenReady'),
    getPath: (n) => '/tmp/electron-mock-' + n,
    getVersion: () => '0.1.0',
    on: () => {},
    exit: (c) => {
      log('exit', c);
      process.exit(c);
    },
    quit: () => {},
  },
  protocol: {
    registerSchemesAsPrivileged: (s) => log('registerSchemesAsPrivileged', JSON.stringify(s)),
    handle: (s, fn) => {
      log('protocol.handle', s);
      globalThis.__appHandler = fn;
    },
  },
  ipcMain: { handle: (c, h) => handlers.set(c, h), removeHandler: () => {} },
  shell: { openExternal: async () => {} },
  BrowserWindow,
};
const orig = Module._load;
Module._load = function (req, ...rest) {
  return req === 'electron' || /node_modules\/electron\/index\.js$/.test(req)
    ? mock
    : orig.call(this, req, ...rest);
};
setTimeout(
  async () => {
    log('ipc channels', [...handlers.keys()].length);
    const h = handlers.get('templates:list');
    const r = await h(
      { senderFrame: { url: 'app://tessera/index.html', parent: null } },
      undefined,
    );
    log('templates:list ->', r.map((t) => t.id).join(','));
    const res = await globalThis.__appHandler(new Request('app://tessera/index.html'));
    log('app://tessera/index.html', res.status, res.headers.get('content-security-policy'));
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
