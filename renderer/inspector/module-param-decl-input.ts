// The "Module params" form's text fields -> a ModuleParamDecl, checked the way the compiler
// checks declarations (name rules, default within its own range, enum options).
import type { DocModule, ModuleParamDecl } from '../../core/document/document.types';
import { declToSpec } from '../../core/modules/specialize-modules';
import { checkParam } from '../../core/node-contract/param-spec';
import { moduleParamNameProblem } from '../store/module-params';

export type DeclKind = ModuleParamDecl['kind'];
export const declKinds: readonly DeclKind[] = ['int', 'float', 'bool', 'enum', 'string'];

export interface DeclFields {
  name: string;
  kind: DeclKind;
  default: string;
  min: string;
  max: string;
  /** Enum options, comma separated. */
  options: string;
  doc: string;
}

export type ParsedDecl =
  | { ok: true; name: string; decl: ModuleParamDecl }
  | { ok: false; field: keyof DeclFields; error: string };

export const emptyDeclFields = (): DeclFields => ({
  name: '',
  kind: 'int',
  default: '64',
  min: '1',
  max: '',
  options: '',
  doc: '',
});

export const declFieldsOf = (name: string, d: ModuleParamDecl): DeclFields => ({
  name,
  kind: d.kind,
  default: String(d.default),
  min: d.min === undefined ? '' : String(d.min),
  max: d.max === undefined ? '' : String(d.max),
  options: (d.options ?? []).join(', '),
  doc: d.doc ?? '',
});

const optionalNumber = (text: string): number | undefined | 'bad' => {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : 'bad';
};

/** Parses the form for `module`; `current` is the name of the param being edited (absent when adding). */
export const parseDeclFields = (
  f: DeclFields,
  module: DocModule | undefined,
  current?: string,
): ParsedDecl => {
  const name = f.name.trim();
  const nameProblem = moduleParamNameProblem(module, name, current);
  if (nameProblem) return { ok: false, field: 'name', error: nameProblem };
  const decl: ModuleParamDecl = { kind: f.kind, default: '' };
  if (f.kind === 'int' || f.kind === 'float') {
    const min = optionalNumber(f.min);
    const max = optionalNumber(f.max);
    if (min === 'bad')
      return {
        ok: false,
        field: 'min',
        error: `min "${f.min}" is not a number; clear it or write one (e.g. 1).`,
      };
    if (max === 'bad')
      return {
        ok: false,
        field: 'max',
        error: `max "${f.max}" is not a number; clear it or write one (e.g. 1024).`,
      };
    if (min !== undefined && max !== undefined && min > max)
      return {
        ok: false,
        field: 'max',
        error: `max ${max} is below min ${min}; raise max or lower min.`,
      };
    if (min !== undefined) decl.min = min;
    if (max !== undefined) decl.max = max;
    const t = f.default.trim();
    const n = t === '' ? NaN : Number(t);
    if (!Number.isFinite(n))
      return {
        ok: false,
        field: 'default',
        error: `The default of a${f.kind === 'int' ? 'n int' : ' float'} param is a number (e.g. 64); got "${f.default}".`,
      };
    decl.default = n;
  } else if (f.kind === 'bool') {
    const t = f.default.trim().toLowerCase();
    if (t !== 'true' && t !== 'false')
      return {
        ok: false,
        field: 'default',
        error: `The default of a bool param is true or false; got "${f.default}".`,
      };
    decl.default = t === 'true';
  } else if (f.kind === 'enum') {
    const options = [
      ...new Set(
        f.options
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      ),
    ];
    if (options.length === 0)
      return {
        ok: false,
        field: 'options',
        error: 'An enum param needs options: write them comma separated (e.g. nearest, bilinear).',
      };
    decl.options = options;
    decl.default = f.default.trim() === '' ? (options[0] as string) : f.default.trim();
  } else decl.default = f.default;
  if (f.doc.trim() !== '') decl.doc = f.doc.trim();
  const problem = checkParam('the default', declToSpec(decl), decl.default);
  if (problem) return { ok: false, field: 'default', error: problem };
  return { ok: true, name, decl };
};
