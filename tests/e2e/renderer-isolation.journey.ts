/// <reference types="node" />
// The page the studio runs in, seen from inside the browser (Electron's checklist items 2, 3 and
// 7, through the web shell in Chromium, the same UI bundle the desktop window loads): no Node
// globals, the studio's CSP in force (no eval, no inline script, no remote fetch), the same
// policy as main/shared/content-security-policy.ts.
import { contentSecurityPolicy } from '../../main/shared/content-security-policy';
import { expectThat, waitFor } from './harness';
import type { Journey } from './journey';

/** The policy's directives, connect-src aside (the web shell adds its WebSocket there). */
const directivesBesidesConnect = (csp: string): string[] =>
  csp
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d !== '' && !d.startsWith('connect-src'));

export const rendererIsolation: Journey = {
  name: 'renderer isolation: no require or process in the page, the CSP refuses eval, inline script and remote fetch',
  run: async (_env, page, log) => {
    // DevTools' own evaluation may run eval whatever the CSP (Runtime.evaluate allows it for
    // its call), so the checks run in a timer callback, after page.evaluate has returned.
    await page.evaluate(() => {
      const g = globalThis as Record<string, unknown>;
      const seen: Record<string, unknown> = { violations: [] as string[] };
      g['__isolation'] = seen;
      document.addEventListener('securitypolicyviolation', (e) =>
        (seen['violations'] as string[]).push(`${e.effectiveDirective} ${e.blockedURI}`),
      );
      setTimeout(() => {
        // No named helpers in here: tsx would wrap them in __name, which the page lacks.
        try {
          seen['evalResult'] = `ran ${String(eval('1 + 1'))}`;
        } catch (e) {
          seen['evalResult'] = (e as Error).name;
        }
        try {
          seen['fnResult'] = `ran ${String((new Function('return 2') as () => number)())}`;
        } catch (e) {
          seen['fnResult'] = (e as Error).name;
        }
        const script = document.createElement('script');
        script.textContent = 'window.__inlineRan = true;';
        document.body.appendChild(script);
        fetch('https://example.com/', { mode: 'no-cors' }).then(
          () => (seen['remote'] = 'fetched'),
          (e: Error) => (seen['remote'] = e.name),
        );
        void fetch(location.href).then(
          (r) => (seen['csp'] = r.headers.get('content-security-policy') ?? ''),
        );
      }, 0);
    });
    const seen = await waitFor(
      'the isolation checks in the page',
      () =>
        page.evaluate(() => {
          const g = globalThis as Record<string, unknown>;
          const r = g['__isolation'] as Record<string, unknown>;
          return {
            require: typeof g['require'],
            process: typeof g['process'],
            module: typeof g['module'],
            buffer: typeof g['Buffer'],
            evalResult: String(r['evalResult']),
            fnResult: String(r['fnResult']),
            inlineRan: g['__inlineRan'] === true,
            remote: r['remote'] === undefined ? undefined : String(r['remote']),
            csp: r['csp'] === undefined ? undefined : String(r['csp']),
            violations: r['violations'] as string[],
          };
        }),
      (v) => v.remote !== undefined && v.csp !== undefined,
    );
    if (seen.csp === undefined) throw new Error('unreachable: waitFor returned without the CSP');
    log(JSON.stringify({ ...seen, csp: undefined }));
    expectThat(seen.require === 'undefined', `typeof require is ${seen.require}, not 'undefined'`);
    expectThat(seen.process === 'undefined', `typeof process is ${seen.process}`);
    expectThat(seen.module === 'undefined', `typeof module is ${seen.module}`);
    expectThat(seen.buffer === 'undefined', `typeof Buffer is ${seen.buffer}`);
    expectThat(seen.evalResult === 'EvalError', `eval was not refused: ${seen.evalResult}`);
    expectThat(seen.fnResult === 'EvalError', `new Function was not refused: ${seen.fnResult}`);
    expectThat(!seen.inlineRan, 'an injected inline script ran');
    expectThat(seen.remote === 'TypeError', `a remote fetch was not refused: ${seen.remote}`);
    for (const directive of ['script-src eval', 'script-src-elem inline', 'connect-src'])
      expectThat(
        seen.violations.some((v) => v.startsWith(directive)),
        `no CSP violation reported for ${directive}: ${seen.violations.join(', ')}`,
      );
    const shared = directivesBesidesConnect(contentSecurityPolicy());
    expectThat(
      JSON.stringify(directivesBesidesConnect(seen.csp)) === JSON.stringify(shared),
      `the page's CSP is not the shared policy: ${seen.csp}`,
    );
    const connect = seen.csp
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith('connect-src'));
    expectThat(
      /^connect-src 'self'( ws:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+)+$/.test(connect ?? ''),
      `connect-src allows more than the app and its WebSocket: ${connect}`,
    );
  },
};
