// Everything a user typed (labels, names, string params) reaches the generated program only
// through these functions: as a JSON literal, as a one-line comment, or as a sanitised
// identifier. No user text is ever spliced into code any other way.

/** Characters that end a line in JavaScript source (inside comments they would end the comment). */
const LINE_TERMINATORS = /[\n\r\u2028\u2029]/g;

/**
 * A JSON literal that is also a valid, inert TypeScript expression. JSON.stringify escapes
 * quotes, backslashes and control characters; U+2028/U+2029 are escaped as well so that
 * older parsers and editors never see a raw line separator in a string.
 */
export const jsonLiteral = (value: unknown): string =>
  (JSON.stringify(value) ?? 'undefined')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/** A string literal for user text. */
export const stringLiteral = (text: string): string => jsonLiteral(text);

/**
 * Text safe to place after `//` on one line: line terminators become spaces and other
 * control characters are dropped. `*\/` and backticks are harmless in a line comment.
 */
export const commentText = (text: string, maxLength = 160): string => {
  const flat = text
    .replace(LINE_TERMINATORS, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  return flat.length > maxLength ? flat.slice(0, maxLength - 1) + '…' : flat;
};

/** Text safe inside a `/** ... *\/` doc comment: one line, with `*\/` broken up. */
export const docText = (text: string, maxLength = 160): string =>
  commentText(text, maxLength).replace(/\*\//g, '*\\/');
