// What the source scan (electron-source-scan.test.ts) refuses anywhere in the shipped code, and
// where the few Electron APIs that need care may appear. Kept under testing/ so the scan (and
// the packaged app) leave this list itself out.

export interface InsecurePattern {
  /** Electron's checklist item it guards. */
  item: number;
  what: string;
  pattern: RegExp;
}

export const insecurePatterns: readonly InsecurePattern[] = [
  { item: 1, what: 'a page or script loaded over http', pattern: /loadURL\(\s*[`'"]http:/ },
  { item: 2, what: 'Node integration switched on', pattern: /nodeIntegration\w*\s*:\s*true/ },
  { item: 3, what: 'context isolation switched off', pattern: /contextIsolation\s*:\s*false/ },
  { item: 4, what: 'the sandbox switched off', pattern: /sandbox\s*:\s*false|--no-sandbox/ },
  {
    item: 6,
    what: 'webSecurity switched off',
    pattern: /webSecurity\s*:\s*false|disablewebsecurity/i,
  },
  { item: 7, what: 'a scheme that bypasses the CSP', pattern: /bypassCSP\s*:\s*true/ },
  {
    item: 8,
    what: 'insecure content allowed',
    pattern: /allowRunningInsecureContent\s*:\s*true/,
  },
  { item: 9, what: 'experimental features', pattern: /experimentalFeatures\s*:\s*true/ },
  { item: 10, what: 'Blink features switched on', pattern: /enableBlinkFeatures/ },
  {
    item: 11,
    what: 'a <webview> or its popups',
    pattern: /<webview|allowpopups|webviewTag\s*:\s*true/i,
  },
  { item: 18, what: 'a page loaded from file://', pattern: /\.loadFile\(|loadURL\(\s*[`'"]file:/ },
];

/** APIs that may appear only in the files that wrap them safely. */
export const confinedApis: readonly { item: number; api: RegExp; onlyIn: readonly string[] }[] = [
  { item: 2, api: /new BrowserWindow\(/, onlyIn: ['main/electron/desktop-app.ts'] },
  {
    item: 17,
    api: /ipcMain\.(on|once|handle|handleOnce)\(/,
    onlyIn: ['main/electron/ipc-handlers.ts'],
  },
  {
    item: 15,
    api: /openExternal\(/,
    onlyIn: ['main/electron/desktop-app.ts', 'main/electron/navigation-lockdown.ts'],
  },
  { item: 20, api: /exposeInMainWorld\(/, onlyIn: ['main/electron/preload.ts'] },
  {
    item: 18,
    api: /registerSchemesAsPrivileged\(/,
    onlyIn: ['main/electron/app-protocol.ts', 'main/electron/bootstrap.cjs'],
  },
];

export interface Finding {
  file: string;
  line: number;
  item: number;
  what: string;
}

/** Lines of one file that break a rule above (comments included: a rule is never argued away). */
export const scanSource = (file: string, text: string): Finding[] => {
  const findings: Finding[] = [];
  text.split('\n').forEach((line, i) => {
    for (const p of insecurePatterns)
      if (p.pattern.test(line)) findings.push({ file, line: i + 1, item: p.item, what: p.what });
    for (const c of confinedApis)
      if (c.api.test(line) && !c.onlyIn.includes(file))
        findings.push({
          file,
          line: i + 1,
          item: c.item,
          what: `${c.api.source} outside ${c.onlyIn.join(', ')}`,
        });
  });
  return findings;
};
