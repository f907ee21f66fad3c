// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  compareText,
  formatNumber,
  installSafeIntl,
  sanitizeLocale,
  userLocale,
} from './safe-intl';

const setLanguage = (tag: string) =>
  vi.spyOn(window.navigator, 'language', 'get').mockReturnValue(tag);

afterEach(() => vi.restoreAllMocks());

describe('safe Intl', () => {
  it('repairs or replaces language tags Intl refuses', () => {
    expect(() => new Intl.NumberFormat('en-US@posix')).toThrow(RangeError);
    expect(sanitizeLocale('en-US@posix')).toBe('en-US');
    expect(sanitizeLocale('de_DE.UTF-8@euro')).toBe('de-DE');
    expect(sanitizeLocale('C')).toBe('en-US');
    expect(sanitizeLocale('')).toBe('en-US');
    expect(sanitizeLocale(undefined)).toBe('en-US');
    expect(sanitizeLocale('fr-CA')).toBe('fr-CA');
  });

  it('formats and compares with navigator.language = en-US@posix', () => {
    setLanguage('en-US@posix');
    expect(userLocale()).toBe('en-US');
    expect(formatNumber(27.8659, 1)).toBe('27.9');
    expect(formatNumber(1234.5, 2)).toBe('1234.50');
    expect(compareText('a', 'b')).toBeLessThan(0);
  });

  it('after installSafeIntl, library-style calls with the raw tag do not throw', () => {
    setLanguage('en-US@posix');
    installSafeIntl();
    const tag = navigator.language;
    expect(new Intl.NumberFormat(tag).format(1234.5)).toBe('1,234.5');
    expect(new Intl.NumberFormat(tag) instanceof Intl.NumberFormat).toBe(true);
    expect(Intl.NumberFormat.supportedLocalesOf(['en-US'])).toEqual(['en-US']);
    expect(() => new Intl.DateTimeFormat(tag).format(new Date(0))).not.toThrow();
    expect(() => new Intl.Collator([tag, 'de']).compare('a', 'b')).not.toThrow();
    expect((1234.5).toLocaleString(tag)).toBe('1,234.5');
    expect(() => new Date(0).toLocaleDateString(tag)).not.toThrow();
    expect('a'.localeCompare('b', tag)).toBeLessThan(0);
    expect(Intl.NumberFormat(tag).format(2)).toBe('2');
  });
});
