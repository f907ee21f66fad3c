// Argument parsing for subcommands: positionals plus --flags (string, number, boolean), built
// on node:util parseArgs. Mistakes come back as messages, never as exceptions.
import { parseArgs } from 'node:util';

export type FlagKind = 'string' | 'number' | 'boolean';

export interface FlagSpec {
  kind: FlagKind;
  short?: string;
  /** For numbers: the smallest value accepted. */
  min?: number;
  /** For strings: the values accepted. */
  choices?: readonly string[];
}

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | number | boolean | undefined>;
  errors: string[];
}

export const parseCommandArgs = (
  args: readonly string[],
  spec: Record<string, FlagSpec>,
  positionals: { min: number; max: number },
): ParsedArgs => {
  const errors: string[] = [];
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        Object.entries(spec).map(([name, s]) => [
          name,
          {
            type: s.kind === 'boolean' ? 'boolean' : 'string',
            ...(s.short ? { short: s.short } : {}),
          },
        ]),
      ) as never,
    });
  } catch (e) {
    return {
      positionals: [],
      flags: {},
      errors: [e instanceof Error ? e.message.replace(/\. To specify.*$/, '.') : String(e)],
    };
  }
  const flags: ParsedArgs['flags'] = {};
  for (const [name, s] of Object.entries(spec)) {
    const raw = (parsed.values as Record<string, string | boolean | undefined>)[name];
    if (raw === undefined) continue;
    if (s.kind === 'number') {
      const n = Number(raw);
      if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n))
        errors.push(`--${name} needs a number; got "${String(raw)}".`);
      else if (s.min !== undefined && n < s.min)
        errors.push(`--${name} must be at least ${s.min}; got ${n}.`);
      else flags[name] = n;
    } else if (s.kind === 'string' && s.choices && !s.choices.includes(String(raw))) {
      errors.push(`--${name} must be one of ${s.choices.join(', ')}; got "${String(raw)}".`);
    } else flags[name] = raw;
  }
  const pos = parsed.positionals;
  if (pos.length < positionals.min)
    errors.push(
      `Missing argument: expected ${positionals.min === 1 ? 'a file' : `${positionals.min} arguments`}.`,
    );
  if (pos.length > positionals.max) errors.push(`Unexpected argument "${pos[positionals.max]}".`);
  return { positionals: pos, flags, errors };
};
