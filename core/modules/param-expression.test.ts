import { describe, it, expect } from 'vitest';
import { evaluateParamExpression, expressionNames, isParamExpression } from './param-expression';

const values = { width: 64, heads: 4, act: 'relu', bias: true };
const ev = (t: string) => evaluateParamExpression(t, values);

describe('module param expressions', () => {
  it('recognises references by their leading "="', () => {
    expect(isParamExpression('=width')).toBe(true);
    expect(isParamExpression('  =width')).toBe(true);
    expect(isParamExpression('width')).toBe(false);
    expect(isParamExpression(3)).toBe(false);
  });

  it('evaluates names of any type and arithmetic with precedence', () => {
    expect(ev('=width')).toEqual({ value: 64 });
    expect(ev('=act')).toEqual({ value: 'relu' });
    expect(ev('=bias')).toEqual({ value: true });
    expect(ev('=width * 2 + heads')).toEqual({ value: 132 });
    expect(ev('=(width + heads) * 2')).toEqual({ value: 136 });
    expect(ev('=width // heads // 3')).toEqual({ value: 5 });
    expect(ev('=width / 128')).toEqual({ value: 0.5 });
    expect(ev('=-heads + 1e1')).toEqual({ value: 6 });
    expect(ev('=width % 10')).toEqual({ value: 4 });
    expect(ev('=[width, width * 2, 3]')).toEqual({ value: [64, 128, 3] });
    expect(ev('=[]')).toEqual({ value: [] });
  });

  it('explains every malformed expression instead of throwing', () => {
    expect(ev('=widht')).toEqual({
      error: '"widht" is not a param of this module (it has width, heads, act, bias) in "=widht"',
    });
    expect(evaluateParamExpression('=w', {})).toMatchObject({
      error: expect.stringContaining('declares no params'),
    });
    expect(ev('=act * 2')).toMatchObject({
      error: expect.stringContaining('arithmetic needs numbers'),
    });
    expect(ev('=width / 0')).toMatchObject({ error: expect.stringContaining('division by zero') });
    expect(ev('=width +')).toMatchObject({ error: expect.stringContaining('ends too early') });
    expect(ev('=(width')).toMatchObject({ error: expect.stringContaining('expected ")"') });
    expect(ev('=width; process.exit()')).toMatchObject({
      error: expect.stringContaining('";" is not allowed'),
    });
    expect(ev('=')).toMatchObject({ error: expect.stringContaining('empty') });
    expect(ev('=width width')).toMatchObject({
      error: expect.stringContaining('unexpected "width"'),
    });
  });

  it('lists the names an expression uses', () => {
    expect(expressionNames('=width * 2 + heads - width')).toEqual(['width', 'heads']);
    expect(expressionNames('=3')).toEqual([]);
  });
});
