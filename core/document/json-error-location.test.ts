import { describe, it, expect } from 'vitest';
import { locateJsonError } from './json-error-location';

describe('locateJsonError', () => {
  it('accepts valid JSON', () => {
    for (const t of ['{}', '[]', '{"a":[1,-2.5e3,true,null,"x\\n\\u00e9"]}', ' 3 ', '"s"'])
      expect(locateJsonError(t)).toBeUndefined();
  });
  it('finds the first bad character', () => {
    expect(locateJsonError('{"a": 1,}')).toMatchObject({
      line: 1,
      column: 9,
      expected: 'a property name in double quotes',
    });
    expect(locateJsonError('[1 2]')).toMatchObject({ column: 4 });
    expect(locateJsonError('{\n "a": tru\n}')).toMatchObject({ line: 2, column: 7 });
    expect(locateJsonError('')).toMatchObject({ line: 1, column: 1, expected: 'a value' });
    expect(locateJsonError('{} x')).toMatchObject({ column: 4, expected: 'the end of the file' });
  });
  it('handles deep nesting without recursion', () => {
    const deep = '['.repeat(100000) + ']'.repeat(100000);
    expect(locateJsonError(deep)).toBeUndefined();
    expect(locateJsonError('['.repeat(100000))).toMatchObject({ offset: 100000 });
  });
});
