import { describe, expect, it } from 'vitest';
import { quoteForMessage, safeDecodeURIComponent } from './safe-decode';

describe('safeDecodeURIComponent', () => {
  it('decodes valid percent-encoding', () => {
    expect(safeDecodeURIComponent('templates%3Alist')).toBe('templates:list');
    expect(safeDecodeURIComponent('%E0%A4%A4')).toBe('त');
  });
  it('is undefined for malformed sequences instead of throwing', () => {
    for (const bad of ['%E0%A4%A', '%E0', '%', '%zz', '%C0%AF', '%ED%A0%80'])
      expect(safeDecodeURIComponent(bad), bad).toBeUndefined();
  });
});

describe('quoteForMessage', () => {
  it('quotes, escapes control characters and cuts long values', () => {
    expect(quoteForMessage('a\u0000b')).toBe('"a\\u0000b"');
    expect(quoteForMessage('x'.repeat(100))).toBe(`"${'x'.repeat(60)}…"`);
  });
});
