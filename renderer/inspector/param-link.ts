// Linking a node param to the enclosing module's params: what "=width * 2" gives with the
// module's defaults, checked against the field's own spec.
import type { ModuleParamDecl } from '../../core/document/document.types';
import { evaluateParamExpression } from '../../core/modules/param-expression';
import { checkParam, type ParamSpec, type ParamValue } from '../../core/node-contract/param-spec';

export type LinkResolution = { ok: true; value: ParamValue } | { ok: false; error: string };

export const defaultsOf = (decls: Readonly<Record<string, ModuleParamDecl>>) =>
  Object.fromEntries(Object.entries(decls).map(([k, d]) => [k, d.default as ParamValue]));

/** The value `text` ("=width * 2") takes with the module's defaults, or why it cannot be used for `name`. */
export const resolveLink = (
  name: string,
  spec: ParamSpec,
  text: string,
  decls: Readonly<Record<string, ModuleParamDecl>>,
): LinkResolution => {
  const r = evaluateParamExpression(text, defaultsOf(decls));
  if ('error' in r) return { ok: false, error: `${r.error}.` };
  const problem = checkParam(name, spec, r.value);
  return problem
    ? {
        ok: false,
        error: `With the module's defaults ${text.trim()} gives ${JSON.stringify(r.value)}: ${problem}`,
      }
    : { ok: true, value: r.value };
};
