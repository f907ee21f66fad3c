// Shape expressions of a custom layer: `[B, H, W, C]`, `[B, H*W, C*2]`, `[B, 64]`. Names are the
// input's dims as its legend (`inputDims`) names them; integers, + - * / and parentheses combine
// them. Parsed and evaluated without running any code, so shapes are known while editing.
// b batch, h w spatial, c channels: whatever the legend calls them.
import type { Dim, Shape } from '../../../core/shapes/tensor-type';

export type DimExpr =
  | { kind: 'num'; value: number }
  | { kind: 'name'; name: string }
  | { kind: 'op'; op: '+' | '-' | '*' | '/'; left: DimExpr; right: DimExpr };

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

type Token = { kind: 'num' | 'name' | 'punct'; text: string; at: number };

const tokenize = (text: string): Parsed<Token[]> => {
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+)|([A-Za-z_][A-Za-z0-9_]*)|([[\](),+\-*/]))/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) {
      const where = at + (text.slice(at).length - text.slice(at).trimStart().length);
      return {
        ok: false,
        message: `unexpected '${text[where] ?? ''}' at character ${where + 1}; use names, whole numbers and + - * / ( )`,
      };
    }
    const start = re.lastIndex - m[0].trimStart().length;
    if (m[1] !== undefined) tokens.push({ kind: 'num', text: m[1], at: start });
    else if (m[2] !== undefined) tokens.push({ kind: 'name', text: m[2], at: start });
    else tokens.push({ kind: 'punct', text: m[3] ?? '', at: start });
    at = re.lastIndex;
  }
  return { ok: true, value: tokens };
};

class ParseError extends Error {}

/** Parses `[dim, dim, ...]` (a trailing comma is fine). */
export const parseShapeExpression = (text: string): Parsed<DimExpr[]> => {
  const lexed = tokenize(text);
  if (!lexed.ok) return lexed;
  const tokens = lexed.value;
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const where = (t: Token | undefined): string =>
    t ? `'${t.text}' at character ${t.at + 1}` : 'the end';
  const expect = (p: string): void => {
    const t = peek();
    if (t?.kind !== 'punct' || t.text !== p)
      throw new ParseError(`expected '${p}' but found ${where(t)}`);
    i++;
  };
  const atom = (): DimExpr => {
    const t = peek();
    if (t?.kind === 'num') {
      i++;
      return { kind: 'num', value: Number(t.text) };
    }
    if (t?.kind === 'name') {
      i++;
      return { kind: 'name', name: t.text };
    }
    if (t?.kind === 'punct' && t.text === '(') {
      i++;
      const e = sum();
      expect(')');
      return e;
    }
    throw new ParseError(`expected a name, a number or '(' but found ${where(t)}`);
  };
  const product = (): DimExpr => {
    let left = atom();
    for (let t = peek(); t?.kind === 'punct' && (t.text === '*' || t.text === '/'); t = peek()) {
      i++;
      left = { kind: 'op', op: t.text, left, right: atom() };
    }
    return left;
  };
  const sum = (): DimExpr => {
    let left = product();
    for (let t = peek(); t?.kind === 'punct' && (t.text === '+' || t.text === '-'); t = peek()) {
      i++;
      left = { kind: 'op', op: t.text, left, right: product() };
    }
    return left;
  };
  try {
    expect('[');
    const dims: DimExpr[] = [];
    while (!(peek()?.kind === 'punct' && peek()?.text === ']')) {
      dims.push(sum());
      const t = peek();
      if (t?.kind === 'punct' && t.text === ',') i++;
      else if (!(t?.kind === 'punct' && t.text === ']'))
        throw new ParseError(`expected ',' or ']' but found ${where(t)}`);
    }
    expect(']');
    if (i < tokens.length) throw new ParseError(`unexpected ${where(peek())} after ']'`);
    return { ok: true, value: dims };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, message: e.message };
    throw e;
  }
};

/** The text of an expression, as an edge label shows a symbolic dim: 'H*W', '(H+1)/2'. */
export const formatDimExpr = (e: DimExpr): string => {
  if (e.kind === 'num') return String(e.value);
  if (e.kind === 'name') return e.name;
  const side = (s: DimExpr, right: boolean): string => {
    const text = formatDimExpr(s);
    if (s.kind !== 'op') return text;
    const loose = (s.op === '+' || s.op === '-') && (e.op === '*' || e.op === '/');
    const order = right && (e.op === '-' || e.op === '/') && s.op !== '*';
    return loose || order ? `(${text})` : text;
  };
  return `${side(e.left, false)}${e.op}${side(e.right, true)}`;
};

/** A legend (`[B, H, W, C]`): one distinct name or a fixed whole number per axis of the input. */
export const parseLegend = (text: string): Parsed<DimExpr[]> => {
  const parsed = parseShapeExpression(text);
  if (!parsed.ok) return parsed;
  const seen = new Set<string>();
  for (const d of parsed.value) {
    if (d.kind === 'op')
      return {
        ok: false,
        message: `each axis is a name or a number; ${formatDimExpr(d)} is neither`,
      };
    if (d.kind === 'name') {
      if (seen.has(d.name)) return { ok: false, message: `${d.name} names two axes` };
      seen.add(d.name);
    }
  }
  return parsed;
};

/** Binds the legend's names to the input's dims; a fixed number must match a known dim. */
export const bindLegend = (legend: readonly DimExpr[], shape: Shape): Parsed<Map<string, Dim>> => {
  if (legend.length !== shape.length)
    return {
      ok: false,
      message: `the input has rank ${shape.length} but the legend names ${legend.length} axes`,
    };
  const env = new Map<string, Dim>();
  for (const [axis, d] of legend.entries()) {
    const actual = shape[axis] as Dim;
    if (d.kind === 'name') env.set(d.name, actual);
    else if (d.kind === 'num' && typeof actual === 'number' && actual !== d.value)
      return { ok: false, message: `axis ${axis} of the input is ${actual}, not ${d.value}` };
  }
  return { ok: true, value: env };
};

/** The dim an expression gives: a number when every name is known, else a symbolic text. */
export const evaluateDim = (e: DimExpr, env: ReadonlyMap<string, Dim>): Parsed<Dim> => {
  if (e.kind === 'num') return { ok: true, value: e.value };
  if (e.kind === 'name') {
    const v = env.get(e.name);
    if (v === undefined)
      return {
        ok: false,
        message: `${e.name} is not a dim of the input (the legend names ${[...env.keys()].join(', ') || 'none'})`,
      };
    return { ok: true, value: v };
  }
  const l = evaluateDim(e.left, env);
  if (!l.ok) return l;
  const r = evaluateDim(e.right, env);
  if (!r.ok) return r;
  const a = l.value;
  const b = r.value;
  if (typeof a === 'number' && typeof b === 'number') {
    if (e.op === '+') return { ok: true, value: a + b };
    if (e.op === '-') return { ok: true, value: a - b };
    if (e.op === '*') return { ok: true, value: a * b };
    if (b === 0 || a % b !== 0)
      return { ok: false, message: `${formatDimExpr(e)} is ${a}/${b}, not a whole number` };
    return { ok: true, value: a / b };
  }
  // Symbolic: the expression's text with the known dims put in ('H*2', 'B*64').
  const text = (x: Dim): string =>
    typeof x === 'number' || /^[A-Za-z_]\w*$/.test(x) ? String(x) : `(${x})`;
  return { ok: true, value: `${text(a)}${e.op}${text(b)}` };
};

/** Evaluates a whole shape; every known dim must be a whole number of at least 1. */
export const evaluateShape = (
  dims: readonly DimExpr[],
  env: ReadonlyMap<string, Dim>,
): Parsed<Dim[]> => {
  const out: Dim[] = [];
  for (const d of dims) {
    const v = evaluateDim(d, env);
    if (!v.ok) return v;
    if (typeof v.value === 'number' && v.value < 1)
      return {
        ok: false,
        message: `${formatDimExpr(d)} is ${v.value}; every dim must be at least 1`,
      };
    out.push(v.value);
  }
  return { ok: true, value: out };
};
