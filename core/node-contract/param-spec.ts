// Declared parameters of a node type: validated, defaulted and rendered as the inspector form.

interface ParamBase {
  label?: string;
  doc: string;
}

export interface IntParam extends ParamBase {
  kind: 'int';
  default: number;
  min?: number;
  max?: number;
}
export interface FloatParam extends ParamBase {
  kind: 'float';
  default: number;
  min?: number;
  max?: number;
  /** Render the slider on a log scale (learning rates). */
  log?: boolean;
}
export interface BoolParam extends ParamBase {
  kind: 'bool';
  default: boolean;
}
export interface EnumParam extends ParamBase {
  kind: 'enum';
  default: string;
  options: readonly string[];
}
export interface StringParam extends ParamBase {
  kind: 'string';
  default: string;
}
export interface IntListParam extends ParamBase {
  kind: 'intList';
  default: readonly number[];
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
}

export type ParamSpec = IntParam | FloatParam | BoolParam | EnumParam | StringParam | IntListParam;
export type ParamSpecs = Record<string, ParamSpec>;

export type ParamValue = number | boolean | string | readonly number[];
export type ParamValues = Record<string, ParamValue>;

/** The TypeScript type of the values a spec record describes. */
export type ParamsOf<S extends ParamSpecs> = {
  [K in keyof S]: S[K] extends IntParam | FloatParam
    ? number
    : S[K] extends BoolParam
      ? boolean
      : S[K] extends EnumParam
        ? string
        : S[K] extends StringParam
          ? string
          : readonly number[];
};

/** Checks one value against its spec; returns a message naming the fix, or undefined when fine. */
export const checkParam = (name: string, spec: ParamSpec, value: unknown): string | undefined => {
  const range = (min?: number, max?: number): string =>
    min !== undefined && max !== undefined
      ? `between ${min} and ${max}`
      : min !== undefined
        ? `at least ${min}`
        : `at most ${max}`;
  switch (spec.kind) {
    case 'int':
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value))
        return `${name} must be a number; got ${JSON.stringify(value)}.`;
      if (spec.kind === 'int' && !Number.isInteger(value))
        return `${name} must be a whole number; got ${value}.`;
      if (
        (spec.min !== undefined && value < spec.min) ||
        (spec.max !== undefined && value > spec.max)
      )
        return `${name} is ${value}; set it ${range(spec.min, spec.max)}.`;
      return undefined;
    }
    case 'bool':
      return typeof value === 'boolean'
        ? undefined
        : `${name} must be true or false; got ${JSON.stringify(value)}.`;
    case 'enum':
      return typeof value === 'string' && spec.options.includes(value)
        ? undefined
        : `${name} is ${JSON.stringify(value)}; choose one of ${spec.options.join(', ')}.`;
    case 'string':
      return typeof value === 'string'
        ? undefined
        : `${name} must be text; got ${JSON.stringify(value)}.`;
    case 'intList': {
      if (
        !Array.isArray(value) ||
        !value.every((v) => typeof v === 'number' && Number.isInteger(v))
      )
        return `${name} must be a list of whole numbers; got ${JSON.stringify(value)}.`;
      if (spec.minLength !== undefined && value.length < spec.minLength)
        return `${name} needs at least ${spec.minLength} entries.`;
      if (spec.maxLength !== undefined && value.length > spec.maxLength)
        return `${name} takes at most ${spec.maxLength} entries.`;
      const bad = value.find(
        (v: number) =>
          (spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max),
      );
      return bad === undefined
        ? undefined
        : `${name} contains ${bad}; every entry must be ${range(spec.min, spec.max)}.`;
    }
  }
};

/** Fills defaults for missing params; keeps unknown keys (they are reported, not dropped). */
export const withDefaults = (specs: ParamSpecs, given: Record<string, unknown>): ParamValues => {
  const out: Record<string, unknown> = { ...given };
  for (const [name, spec] of Object.entries(specs)) if (!(name in out)) out[name] = spec.default;
  return out as ParamValues;
};
