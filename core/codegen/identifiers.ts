// Identifiers in the generated program: derived from labels and ids, sanitised, and made
// unique once (as torch.fx's `_used_names` does), so the same graph always gets the same names.
import { jsonLiteral } from './safe-text';

/** Words no generated identifier may be: JavaScript/TypeScript keywords and common globals. */
export const RESERVED_WORDS: readonly string[] = [
  // JavaScript / TypeScript reserved and contextual words that would break or confuse code.
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'new',
  'null',
  'return',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'as',
  'implements',
  'interface',
  'let',
  'package',
  'private',
  'protected',
  'public',
  'static',
  'yield',
  'any',
  'boolean',
  'constructor',
  'declare',
  'get',
  'module',
  'require',
  'number',
  'set',
  'string',
  'symbol',
  'type',
  'from',
  'of',
  'await',
  'async',
  'arguments',
  'eval',
  'undefined',
  'NaN',
  'Infinity',
  'object',
  'never',
  'unknown',
  'is',
  'keyof',
  'readonly',
  'infer',
  'asserts',
  'assert',
  'abstract',
  'accessor',
  'override',
  'satisfies',
  'unique',
  'global',
  'namespace',
  'bigint',
  'using',
  'intrinsic',
  'out',
  'defer',
  'yield',
  'await',
  // Names the generated program itself uses at top level or in methods.
  'tf',
  'ctx',
  'inputs',
  'outputs',
  'layers',
  'env',
  'main',
  'args',
  'rt',
  'batch',
  'step',
  'loss',
  'model',
  'models',
  'optimizers',
  'stage',
  'grads',
  'value',
  'vars',
  'Math',
  'JSON',
  'Object',
  'Promise',
  'Record',
  'Array',
  'String',
  'Number',
  'Error',
  'process',
  'console',
];

/** camelCase words of `text` (letters and digits only; everything else separates words). */
const words = (text: string): string[] =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);

/** A lowerCamelCase identifier for `text`, or `fallback` when nothing usable remains. */
export const camelIdentifier = (text: string, fallback: string): string => {
  const ws = words(text).slice(0, 6);
  if (ws.length === 0) return fallback;
  const id = ws
    .map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase()))
    .join('');
  const safe = /^[0-9]/.test(id) ? `${fallback}${id[0]!.toUpperCase()}${id.slice(1)}` : id;
  return safe.slice(0, 40);
};

/** An UpperCamelCase identifier (class names). */
export const pascalIdentifier = (text: string, fallback: string): string => {
  const c = camelIdentifier(text, fallback);
  return c[0]!.toUpperCase() + c.slice(1);
};

/** Hands out unique identifiers within one scope; the first taker of a name keeps it. */
export class NameScope {
  private readonly used = new Set<string>(RESERVED_WORDS);

  constructor(taken: readonly string[] = []) {
    for (const t of taken) this.used.add(t);
  }

  take(base: string): string {
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}${i}`;
    this.used.add(name);
    return name;
  }
}

/** True when `key` can be written as a bare property name (`a.key`, `{ key: ... }`). */
export const isPlainKey = (key: string): boolean =>
  /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) && key !== '__proto__';

/** `obj.key` or `obj["key"]`, whichever is valid for `key`. */
export const propertyAccess = (obj: string, key: string): string =>
  isPlainKey(key) ? `${obj}.${key}` : `${obj}[${jsonLiteral(key)}]`;

/** `key`, or the computed key `["key"]` (never a prototype-setting `"__proto__":`), as an object-literal key. */
export const propertyKey = (key: string): string =>
  isPlainKey(key) ? key : `[${jsonLiteral(key)}]`;
