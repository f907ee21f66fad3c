// Module-param references inside a module: a node param whose value is text starting with '='
// is an expression over the module's params, e.g. "=width", "=width * 2", "=[width, width * 2]".
// Grammar (no eval): list := '[' expr (',' expr)* ']' | expr;
// expr := term (('+' | '-') term)*; term := unary (('*' | '/' | '//' | '%') unary)*;
// unary := '-' unary | atom; atom := number | name | '(' expr ')'.
// A bare name may stand for any param value (number, bool, text); arithmetic needs numbers.
import type { ParamValue } from '../node-contract/param-spec';

export type ModuleParamValues = Readonly<Record<string, ParamValue>>;

/** True for a param value that refers to module params ("=width * 2"). */
export const isParamExpression = (v: unknown): v is string =>
  typeof v === 'string' && v.trimStart().startsWith('=');

export type ExpressionResult = { value: ParamValue } | { error: string };

type Token =
  { kind: 'num'; value: number } | { kind: 'name'; value: string } | { kind: 'op'; value: string };

const tokenize = (text: string): Token[] | string => {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) {
      out.push({ kind: 'num', value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (name) {
      out.push({ kind: 'name', value: name[0] });
      i += name[0].length;
      continue;
    }
    if (text.startsWith('//', i)) {
      out.push({ kind: 'op', value: '//' });
      i += 2;
      continue;
    }
    if ('+-*/%()[],'.includes(c)) {
      out.push({ kind: 'op', value: c });
      i++;
      continue;
    }
    return `"${c}" is not allowed`;
  }
  return out;
};

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly values: ModuleParamValues,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'op' && t.value === v;
  }
  private expectOp(v: string): void {
    if (!this.isOp(v)) throw new Error(`expected "${v}"`);
    this.pos++;
  }

  parseTop(): ParamValue {
    if (this.isOp('[')) {
      this.pos++;
      const items: number[] = [];
      if (!this.isOp(']'))
        for (;;) {
          items.push(this.number(this.expr()));
          if (this.isOp(',')) this.pos++;
          else break;
        }
      this.expectOp(']');
      this.end();
      return items;
    }
    const t = this.tokens.length === 1 ? this.peek() : undefined;
    if (t?.kind === 'name') {
      this.pos++;
      return this.lookup(t.value);
    }
    const v = this.number(this.expr());
    this.end();
    return v;
  }

  private end(): void {
    const t = this.peek();
    if (t) throw new Error(`unexpected "${t.value}"`);
  }

  private lookup(name: string): ParamValue {
    if (!Object.prototype.hasOwnProperty.call(this.values, name)) {
      const known = Object.keys(this.values);
      throw new Error(
        `"${name}" is not a param of this module (${known.length > 0 ? `it has ${known.join(', ')}` : 'it declares no params'})`,
      );
    }
    return this.values[name] as ParamValue;
  }

  private number(v: ParamValue): number {
    if (typeof v !== 'number')
      throw new Error(`arithmetic needs numbers, got ${JSON.stringify(v)}`);
    return v;
  }

  private expr(): ParamValue {
    let left = this.term();
    while (this.isOp('+') || this.isOp('-')) {
      const op = (this.tokens[this.pos++] as Token).value;
      const right = this.number(this.term());
      left = op === '+' ? this.number(left) + right : this.number(left) - right;
    }
    return left;
  }

  private term(): ParamValue {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('//') || this.isOp('%')) {
      const op = (this.tokens[this.pos++] as Token).value;
      const a = this.number(left);
      const b = this.number(this.unary());
      if (op !== '*' && b === 0) throw new Error('division by zero');
      left = op === '*' ? a * b : op === '/' ? a / b : op === '//' ? Math.floor(a / b) : a % b;
    }
    return left;
  }

  private unary(): ParamValue {
    if (this.isOp('-')) {
      this.pos++;
      return -this.number(this.unary());
    }
    const t = this.peek();
    if (!t) throw new Error('the expression ends too early');
    this.pos++;
    if (t.kind === 'num') return t.value;
    if (t.kind === 'name') return this.lookup(t.value);
    if (t.value === '(') {
      const v = this.expr();
      this.expectOp(')');
      return v;
    }
    throw new Error(`unexpected "${t.value}"`);
  }
}

/** Evaluates "=expr" against the module's param values; never throws. */
export const evaluateParamExpression = (
  text: string,
  values: ModuleParamValues,
): ExpressionResult => {
  const body = text.trimStart().replace(/^=/, '');
  const tokens = tokenize(body);
  if (typeof tokens === 'string') return { error: `${tokens} in "${text}"` };
  if (tokens.length === 0)
    return { error: `"${text}" is empty after "="; write a param name such as =width` };
  try {
    const value = new Parser(tokens, values).parseTop();
    if (typeof value === 'number' && !Number.isFinite(value))
      return { error: `"${text}" does not give a finite number` };
    return { value };
  } catch (e) {
    return { error: `${e instanceof Error ? e.message : String(e)} in "${text}"` };
  }
};

/** Names a "=expr" text refers to (for the inspector and for reference checks). */
export const expressionNames = (text: string): string[] => {
  const tokens = tokenize(text.trimStart().replace(/^=/, ''));
  return typeof tokens === 'string'
    ? []
    : [...new Set(tokens.filter((t) => t.kind === 'name').map((t) => t.value as string))];
};
