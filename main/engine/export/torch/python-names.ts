// Python identifiers for node ids and objectives: sanitised, made unique once, never a keyword,
// a builtin the generated code uses, or an nn.Module attribute.
const RESERVED = new Set([
  ...'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type'.split(
    ' ',
  ),
  ...'self sampler values torch nn F L AR D DF G S SSL TX VQ VG math super dict list range tuple inputs shared _shared'.split(
    ' ',
  ),
  ...'forward training train eval to cuda cpu parameters named_parameters modules children state_dict load_state_dict apply zero_grad buffers register_buffer add_module float double half APP_WEIGHTS OBJECTIVES Model'.split(
    ' ',
  ),
]);

export class PythonNames {
  private readonly used = new Set<string>();

  has(name: string): boolean {
    return this.used.has(name);
  }

  /** Marks a name as taken (made elsewhere). */
  reserve(name: string): void {
    this.used.add(name);
  }

  /** A fresh snake_case identifier close to `text`. */
  make(text: string, fallback = 'node'): string {
    let base = text
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 48);
    if (base === '') base = fallback;
    if (/^[0-9]/.test(base)) base = `n_${base}`;
    if (RESERVED.has(base)) base = `${base}_`;
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }
}

/** A one-line Python comment text (no line breaks). */
export const comment = (text: string): string => text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
