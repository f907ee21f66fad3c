import { describe, expect, it } from 'vitest';
import { maxTargetLength, parseRequestTarget } from './request-target';

const refused = (raw: string | undefined) => {
  const v = parseRequestTarget(raw);
  if (v.ok) throw new Error(`${raw} was accepted as ${v.target.path}`);
  return v;
};

describe('parseRequestTarget', () => {
  it('decodes the path and parses the query of an ordinary target', () => {
    const v = parseRequestTarget('/api/invoke/templates%3Alist?token=abc&x=%E0');
    expect(v).toMatchObject({
      ok: true,
      target: { path: '/api/invoke/templates:list', rawPath: '/api/invoke/templates%3Alist' },
    });
    // A malformed query value decodes leniently (U+FFFD), never throws.
    if (v.ok)
      expect([v.target.query.get('token'), v.target.query.get('x')]).toEqual(['abc', '\ufffd']);
    expect(parseRequestTarget('/')).toMatchObject({ ok: true, target: { path: '/' } });
    expect(parseRequestTarget('/assets/')).toMatchObject({
      ok: true,
      target: { path: '/assets/' },
    });
  });

  it('names a segment that is not valid percent-encoding', () => {
    const v = refused('/api/invoke/%E0');
    expect(v.status).toBe(400);
    expect(v.reason).toBe('The path segment "%E0" is not valid percent-encoding.');
    expect(refused('/a/%').reason).toContain('"%"');
  });

  it("refuses '.' and '..' segments, raw or encoded", () => {
    for (const t of ['/../etc/passwd', '/a/./b', '/%2e%2e/x', '/.%2E/x', '/assets/%2e', '/..'])
      expect(refused(t).reason, t).toContain("'..' segment");
  });

  it('refuses encoded slashes and backslashes, NUL and control characters', () => {
    expect(refused('/..%2fsecret.txt').reason).toContain('an encoded slash');
    expect(refused('/a%5c..%5csecret').reason).toContain('an encoded slash');
    expect(refused('/index.html%00.js').reason).toContain('a NUL byte');
    expect(refused('/a%0d%0aSet-Cookie:x').reason).toContain('a control character');
    expect(refused('/a\\b').reason).toContain('backslash');
    expect(refused('/a\u0000b').status).toBe(400);
    expect(refused('/caf\u00e9').status).toBe(400);
  });

  it('refuses targets that are not a single-slash path, and empty segments', () => {
    for (const t of ['*', 'http://evil.example/', '//evil.example/x', 'index.html', ''])
      expect(refused(t).status, t).toBe(400);
    expect(refused(undefined).reason).toBe('The request has no path.');
    expect(refused('/a//b').reason).toContain('empty segment');
  });

  it(`answers 414 past ${maxTargetLength} characters`, () => {
    expect(parseRequestTarget(`/${'a'.repeat(maxTargetLength - 1)}`).ok).toBe(true);
    const v = refused(`/${'a'.repeat(maxTargetLength)}`);
    expect(v.status).toBe(414);
    expect(v.reason).toContain(`${maxTargetLength + 1} characters`);
  });
});
