// Strings for the web shell's hostile request corpus (hostile-corpus.ts): percent escapes that
// do not decode, wrong tokens, header noise, and a query encoder that keeps the {{TOKEN}} placeholder.
import fc from 'fast-check';

export const malformedPercent = fc.constantFrom(
  '%E0%A4%A',
  '%E0',
  '%',
  '%%',
  '%zz',
  '%C0%AF',
  '%ED%A0%80',
  '%F8%80%80%80%80',
  '%FF',
  '%C3',
);
export const printable = fc.string({ minLength: 1, maxLength: 40 });
export const wrongToken = fc.oneof(
  printable,
  fc.stringMatching(/^[A-Za-z0-9_-]{32}$/),
  fc.constant(''),
  fc.constant('{{TOKEN}}x'),
  fc.constant('x{{TOKEN}}'),
  fc.constant('{{TOKEN}}, {{TOKEN}}'),
);

// An 'x-' header noise, so otherwise equal requests differ.
export const noise = fc.array(fc.tuple(fc.stringMatching(/^X-[A-Za-z]{1,8}$/), printable), {
  maxLength: 3,
});

/** Percent-encoded for a query, the {{TOKEN}} placeholder kept as it is. */
export const queryValue = (t: string): string =>
  t.split('{{TOKEN}}').map(encodeURIComponent).join('{{TOKEN}}');
