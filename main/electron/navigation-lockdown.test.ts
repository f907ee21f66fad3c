import { describe, it, expect, vi } from 'vitest';
import { lockDown, isAppUrl } from './navigation-lockdown';
import { FakeWebContents } from './testing/fake-web-contents';

const hosts = new Set(['arxiv.org', 'yann.lecun.com']);

const lockedDown = () => {
  const contents = new FakeWebContents();
  const openExternal = vi.fn(async (_url: string) => undefined);
  lockDown(contents, openExternal, hosts);
  return { contents, openExternal };
};

const outside = [
  'https://evil.example/',
  'http://127.0.0.1:5173/',
  'file:///etc/passwd',
  'app://tessera.evil.example/index.html',
  'app://other/index.html',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'about:blank',
  'not a url',
];

describe('navigation lock-down (fake webContents)', () => {
  it('recognises only app://tessera as the app', () => {
    expect(isAppUrl('app://tessera/index.html#start=vq-vae')).toBe(true);
    for (const url of outside) expect(isAppUrl(url), url).toBe(false);
  });

  it('will-navigate: refuses every URL outside app://tessera, lets the app navigate within itself', () => {
    const { contents } = lockedDown();
    for (const url of outside)
      expect(contents.fire('will-navigate', { url }, url).prevented, url).toBe(true);
    expect(contents.fire('will-navigate', {}, 'app://tessera/index.html').prevented).toBe(false);
  });

  it('will-frame-navigate (any frame) and will-redirect are refused the same way', () => {
    const { contents } = lockedDown();
    for (const url of outside) {
      expect(contents.fire('will-frame-navigate', { url }).prevented, url).toBe(true);
      expect(contents.fire('will-redirect', { url }, url).prevented, url).toBe(true);
    }
    const inApp = 'app://tessera/index.html';
    expect(contents.fire('will-frame-navigate', { url: inApp }).prevented).toBe(false);
  });

  it('setWindowOpenHandler: every new window is denied; only an allowlisted http(s) link goes to the system browser', async () => {
    const { contents, openExternal } = lockedDown();
    expect(contents.openWindow('https://arxiv.org/abs/2112.10752')).toEqual({ action: 'deny' });
    expect(contents.openWindow('http://yann.lecun.com/exdb/mnist/')).toEqual({ action: 'deny' });
    for (const url of [
      ...outside,
      'https://arxiv.org.evil.example/abs/1',
      'https://user:pw@arxiv.org/abs/1',
      'ftp://arxiv.org/',
      'smb://arxiv.org/share',
      'app://tessera/index.html',
    ])
      expect(contents.openWindow(url), url).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls.map((c) => c[0])).toEqual([
      'https://arxiv.org/abs/2112.10752',
      'http://yann.lecun.com/exdb/mnist/',
    ]);
  });

  it('a failing openExternal is swallowed (the window is still denied, nothing throws)', async () => {
    const contents = new FakeWebContents();
    const openExternal = vi.fn(async () => {
      throw new Error('no browser');
    });
    lockDown(contents, openExternal, hosts);
    expect(contents.openWindow('https://arxiv.org/abs/1')).toEqual({ action: 'deny' });
    await new Promise((r) => setTimeout(r, 0));
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('will-attach-webview: a <webview> is never attached, whatever its options', () => {
    const { contents } = lockedDown();
    const webPreferences = { nodeIntegration: true, webSecurity: false };
    expect(
      contents.fire('will-attach-webview', {}, webPreferences, { src: 'https://evil.example/' })
        .prevented,
    ).toBe(true);
    expect(
      contents.fire('will-attach-webview', {}, {}, { src: 'app://tessera/index.html' }).prevented,
    ).toBe(true);
  });

  it('registers exactly these guards', () => {
    const { contents } = lockedDown();
    expect(contents.eventNames().sort()).toEqual([
      'will-attach-webview',
      'will-frame-navigate',
      'will-navigate',
      'will-redirect',
    ]);
    expect(contents.windowOpenHandler).toBeTypeOf('function');
  });
});
