import { describe, it, expect } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { appProtocolHandler, appSchemePrivileges, registerAppScheme } from './app-protocol';
import { contentSecurityPolicy } from '../shared/content-security-policy';
import { electronCsp } from './csp';

const uiFolder = () => {
  const root = mkdtempSync(nodePath.join(tmpdir(), 'tessera-app-protocol-'));
  const web = nodePath.join(root, 'web');
  mkdirSync(nodePath.join(web, 'assets'), { recursive: true });
  writeFileSync(nodePath.join(web, 'index.html'), '<!doctype html><title>Tessera</title>');
  writeFileSync(nodePath.join(web, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(nodePath.join(root, 'secret.txt'), 'outside the UI folder');
  return web;
};

describe('app:// (the custom protocol that replaces file://)', () => {
  it('serves the UI folder, HTML with the same CSP as the web shell', async () => {
    const handle = appProtocolHandler(uiFolder());
    const page = await handle({ url: 'app://tessera/index.html' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(electronCsp).toBe(contentSecurityPolicy());
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>Tessera</title>');
    const script = await handle({ url: 'app://tessera/assets/app.js' });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('answers 404 for another host, a path out of the folder (plain or encoded) and files that do not exist', async () => {
    const handle = appProtocolHandler(uiFolder());
    for (const url of [
      'app://other/index.html',
      'app://tessera.evil/index.html',
      'app://tessera/../secret.txt',
      'app://tessera/%2e%2e/secret.txt',
      'app://tessera/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://tessera/assets/..%5c..%5csecret.txt',
      'app://tessera/%00index.html',
      'app://tessera/missing.js',
      'file:///etc/passwd',
    ]) {
      const r = await handle({ url });
      expect(r.status, url).toBe(404);
      expect(await r.text(), url).not.toContain('outside the UI folder');
    }
  });

  it('registers the scheme with the fewest privileges: no CSP bypass, CORS, service workers or streams', () => {
    const registered: unknown[] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (s) => registered.push(...s) });
    expect(registered).toEqual(appSchemePrivileges);
    expect(appSchemePrivileges).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });
});
