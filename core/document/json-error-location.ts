// Finds where a JSON text stops being valid, as an offset, line and column (1-based), because
// JSON.parse messages name a position only for some errors.

export interface JsonErrorLocation {
  offset: number;
  line: number;
  column: number;
  /** What the scanner expected at that point. */
  expected: string;
}

const WS = new Set([' ', '\t', '\n', '\r']);

/** Returns undefined when the text is valid JSON as far as this scanner can tell. */
export const locateJsonError = (text: string): JsonErrorLocation | undefined => {
  let i = 0;
  // Stack of open containers: '{' or '['.
  const stack: string[] = [];
  const fail = (expected: string): JsonErrorLocation => {
    const before = text.slice(0, i);
    const lines = before.split('\n');
    const last = lines[lines.length - 1] ?? '';
    return { offset: i, line: lines.length, column: last.length + 1, expected };
  };
  const skipWs = (): void => {
    while (i < text.length && WS.has(text[i] as string)) i++;
  };
  const scanString = (): boolean => {
    i++; // opening quote
    while (i < text.length) {
      const c = text[i] as string;
      if (c === '"') {
        i++;
        return true;
      }
      if (c === '\\') {
        const n = text[i + 1];
        if (n === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (n !== undefined && '"\\/bfnrt'.includes(n)) i += 2;
        else return false;
      } else if (c < ' ') return false;
      else i++;
    }
    return false;
  };
  const scanValue = (): JsonErrorLocation | 'open' | undefined => {
    skipWs();
    const c = text[i];
    if (c === undefined) return fail('a value');
    if (c === '{' || c === '[') {
      stack.push(c);
      i++;
      return 'open';
    }
    if (c === '"') return scanString() ? undefined : fail('a valid string');
    const lit = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      text.slice(i, i + 400),
    );
    if (!lit) return fail('a value');
    i += lit[0].length;
    return undefined;
  };
  // State machine over containers.
  let r = scanValue();
  if (r !== undefined && r !== 'open') return r;
  let justOpened = r === 'open';
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    skipWs();
    if (justOpened) {
      justOpened = false;
      if ((top === '{' && text[i] === '}') || (top === '[' && text[i] === ']')) {
        stack.pop();
        i++;
        continue;
      }
    } else {
      if (text[i] === ',') i++;
      else if ((top === '{' && text[i] === '}') || (top === '[' && text[i] === ']')) {
        stack.pop();
        i++;
        continue;
      } else return fail(top === '{' ? "',' or '}'" : "',' or ']'");
    }
    if (top === '{') {
      skipWs();
      if (text[i] !== '"') return fail('a property name in double quotes');
      if (!scanString()) return fail('a valid string');
      skipWs();
      if (text[i] !== ':') return fail("':'");
      i++;
    }
    r = scanValue();
    if (r === 'open') justOpened = true;
    else if (r !== undefined) return r;
  }
  skipWs();
  return i < text.length ? fail('the end of the file') : undefined;
};
