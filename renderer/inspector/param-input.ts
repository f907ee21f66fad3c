// Text in a form field -> a param value, checked against the spec (ranges, enums, lists).
import { checkParam, type ParamSpec, type ParamValue } from '../../core/node-contract/param-spec';

export type ParsedParam = { ok: true; value: ParamValue } | { ok: false; error: string };

export const parseParamInput = (
  name: string,
  spec: ParamSpec,
  raw: string | boolean,
): ParsedParam => {
  let value: unknown;
  switch (spec.kind) {
    case 'bool':
      value = raw === true || raw === 'true';
      break;
    case 'int':
    case 'float': {
      const t = String(raw).trim();
      value = t === '' ? NaN : Number(t);
      break;
    }
    case 'intList': {
      const t = String(raw).trim();
      value =
        t === ''
          ? []
          : t
              .split(/[\s,]+/)
              .filter(Boolean)
              .map(Number);
      break;
    }
    default:
      value = String(raw);
  }
  const error = checkParam(name, spec, value);
  return error ? { ok: false, error } : { ok: true, value: value as ParamValue };
};

export const formatParamValue = (v: ParamValue | undefined): string =>
  v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v);

/** "1 … 1024" / "≥ 1" / "" — the range hint shown beside a number field. */
export const rangeHint = (spec: ParamSpec): string => {
  if (spec.kind !== 'int' && spec.kind !== 'float' && spec.kind !== 'intList') return '';
  const { min, max } = spec;
  if (min !== undefined && max !== undefined) return `${min} … ${max}`;
  if (min !== undefined) return `≥ ${min}`;
  if (max !== undefined) return `≤ ${max}`;
  return '';
};
