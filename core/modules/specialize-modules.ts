// Parameterised modules, resolved before compiling: every Module Instance (or Handle) of a
// module with params picks values (its own, or the declared defaults); each distinct set of
// values becomes one specialised copy of the module whose inner "=expr" params are replaced by
// numbers. The copy for the default values keeps the module's id (so projects without module
// params, their checkpoints and exports are unchanged); others are named after their values,
// e.g. 'resblock(width=128)'. Nested instances are resolved with their enclosing module's values.
// Instances with the same values share one specialisation, and so (with weights 'shared') one
// set of weights; shapes are inferred per specialisation.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import type {
  DocModule,
  DocNode,
  ModuleParamDecl,
  Stage,
  TesseraDocument,
} from '../document/document.types';
import { checkParam, type ParamSpec, type ParamValue } from '../node-contract/param-spec';
import { MODULE_HANDLE, MODULE_INSTANCE } from '../graph/module-types';
import { evaluateParamExpression, isParamExpression } from './param-expression';

export interface SpecializedDocument {
  document: TesseraDocument;
  diagnostics: Diagnostic[];
  /** Specialised module id -> the document module it was made from. */
  origin: Record<string, string>;
  /** Document module id -> its specialised ids, in creation order. */
  specializations: Record<string, string[]>;
}

const SOURCE = 'modules';
/** Params of Module Instance itself; a module param cannot take these names. */
export const RESERVED_PARAM_NAMES: readonly string[] = ['module', 'weights', 'emaDecay'];
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_DEPTH = 16;

type Values = Record<string, ParamValue>;

const own = <T>(rec: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;

export const declsOf = (m: DocModule | undefined): Record<string, ModuleParamDecl> =>
  (m?.params as Record<string, ModuleParamDecl> | undefined) ?? {};

/** The ParamSpec a declaration stands for (so checkParam and the inspector can use it). */
export const declToSpec = (d: ModuleParamDecl): ParamSpec => {
  const base = { doc: d.doc ?? '' };
  switch (d.kind) {
    case 'int':
    case 'float':
      return {
        ...base,
        kind: d.kind,
        default: Number(d.default),
        ...(d.min !== undefined ? { min: d.min } : {}),
        ...(d.max !== undefined ? { max: d.max } : {}),
      };
    case 'bool':
      return { ...base, kind: 'bool', default: Boolean(d.default) };
    case 'enum':
      return { ...base, kind: 'enum', default: String(d.default), options: d.options ?? [] };
    default:
      return { ...base, kind: 'string', default: String(d.default) };
  }
};

const formatValue = (v: ParamValue): string =>
  Array.isArray(v) ? `[${v.join(',')}]` : typeof v === 'string' ? v : String(v);

const isCall = (n: DocNode): boolean => n.type === MODULE_INSTANCE || n.type === MODULE_HANDLE;

const hasExpressions = (nodes: Record<string, DocNode>): boolean =>
  Object.values(nodes).some((n) => Object.values(n.params ?? {}).some(isParamExpression));

/** True when the document uses module params at all (otherwise it compiles as it is). */
export const usesModuleParams = (doc: TesseraDocument): boolean =>
  hasExpressions(doc.nodes) ||
  Object.values(doc.modules).some(
    (m) => Object.keys(declsOf(m)).length > 0 || hasExpressions(m.nodes),
  );

const nodeLabel = (n: DocNode, key: string): string =>
  n.label !== undefined && n.label.trim() !== '' ? n.label : key;

export const specializeModules = (doc: TesseraDocument): SpecializedDocument => {
  if (!usesModuleParams(doc))
    return { document: doc, diagnostics: [], origin: {}, specializations: {} };
  const diagnostics: Diagnostic[] = [];
  const origin: Record<string, string> = Object.create(null) as Record<string, string>;
  const specializations: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  const modulesOut: Record<string, DocModule> = Object.create(null) as Record<string, DocModule>;
  const validDecls = new Map<string, Record<string, ModuleParamDecl>>();

  // Declarations: valid names, defaults within their own ranges.
  for (const [mid, m] of Object.entries(doc.modules)) {
    const ok: Record<string, ModuleParamDecl> = {};
    for (const [name, decl] of Object.entries(declsOf(m))) {
      const where = { path: `/modules/${mid}/params/${name}` };
      const moduleName = m.name || mid;
      if (!PARAM_NAME.test(name) || RESERVED_PARAM_NAMES.includes(name)) {
        diagnostics.push(
          diagnostic(
            'error',
            SOURCE,
            `Module ${moduleName} declares a param "${name}"; ${RESERVED_PARAM_NAMES.includes(name) ? `"${name}" is a param of Module Instance itself` : 'a param name is a letter followed by letters, digits or _'}; rename it (e.g. width).`,
            where,
          ),
        );
        continue;
      }
      const problem = checkParam(name, declToSpec(decl), decl.default);
      if (problem) {
        diagnostics.push(
          diagnostic(
            'error',
            SOURCE,
            `Module ${moduleName}: the default of param ${name} is wrong: ${problem}`,
            where,
          ),
        );
        continue;
      }
      ok[name] = decl;
    }
    validDecls.set(mid, ok);
  }

  const nodeDiag = (
    message: string,
    nodeId: string,
    path: string,
    severity: 'error' | 'warning' = 'error',
  ): void => {
    diagnostics.push(diagnostic(severity, SOURCE, message, { nodeId, path }));
  };

  /** The values a caller passes to `calleeId`, and the caller's params without them. */
  const callValues = (
    caller: DocNode,
    key: string,
    path: string,
    calleeId: string,
    env: Values | undefined,
    whereText: string,
  ): { values: Values; rest: Record<string, ParamValue> } => {
    const decls = validDecls.get(calleeId) ?? {};
    const calleeName = doc.modules[calleeId]?.name || calleeId;
    const values: Values = {};
    const rest: Record<string, ParamValue> = { ...caller.params };
    for (const [name, decl] of Object.entries(decls)) {
      const raw = own(caller.params, name);
      delete rest[name];
      let v: ParamValue = raw === undefined ? (decl.default as ParamValue) : raw;
      const label = `${nodeLabel(caller, key)}${whereText}`;
      if (isParamExpression(v)) {
        const r = env
          ? evaluateParamExpression(v, env)
          : {
              error: `"${v}" refers to module params, but ${label} is not inside a module; set a value`,
            };
        if ('error' in r) {
          nodeDiag(`${label} sets param ${name} of module ${calleeName}: ${r.error}.`, key, path);
          v = decl.default as ParamValue;
        } else v = r.value;
      }
      const problem = checkParam(name, declToSpec(decl), v);
      if (problem) {
        nodeDiag(`${label} sets param ${name} of module ${calleeName}: ${problem}`, key, path);
        v = decl.default as ParamValue;
      }
      values[name] = v;
    }
    return { values, rest };
  };

  const specIdOf = (mid: string, values: Values): string => {
    const decls = validDecls.get(mid) ?? {};
    const changed = Object.keys(decls)
      .sort()
      .filter((n) => JSON.stringify(values[n]) !== JSON.stringify(decls[n]?.default));
    return changed.length === 0
      ? mid
      : `${mid}(${changed.map((n) => `${n}=${formatValue(values[n] as ParamValue)}`).join(',')})`;
  };

  const specialize = (mid: string, values: Values, depth: number): string => {
    const id = specIdOf(mid, values);
    if (id in origin) return id; // made, or being made (a module nesting itself)
    const src = doc.modules[mid];
    if (!src) return mid;
    if (depth > MAX_DEPTH) {
      diagnostics.push(
        diagnostic(
          'error',
          SOURCE,
          `Module ${src.name || mid} is nested more than ${MAX_DEPTH} levels deep through its params (does it call itself?); remove the recursive instance.`,
          { path: `/modules/${mid}` },
        ),
      );
      return mid;
    }
    origin[id] = mid;
    (specializations[mid] ??= []).push(id);
    const whereText = ` in module ${src.name || mid}`;
    const nodes: Record<string, DocNode> = {};
    for (const [key, n] of Object.entries(src.nodes)) {
      const path = `/modules/${mid}/nodes/${key}`;
      let params: Record<string, ParamValue> = {};
      for (const [pk, pv] of Object.entries(n.params ?? {})) {
        if (
          !isParamExpression(pv) ||
          (isCall(n) && own(validDecls.get(String(n.params.module)) ?? {}, pk))
        ) {
          params[pk] = pv;
          continue;
        }
        const r = evaluateParamExpression(pv, values);
        if ('error' in r)
          nodeDiag(
            `${nodeLabel(n, key)}${whereText}: param ${pk}: ${r.error}; declare the param on the module (Module params in the inspector) or fix the expression.`,
            key,
            path,
          );
        else params[pk] = r.value;
      }
      if (isCall(n)) {
        const callee = String(n.params.module ?? '');
        if (doc.modules[callee]) {
          const cv = callValues({ ...n, params }, key, path, callee, values, whereText);
          params = { ...cv.rest, module: specialize(callee, cv.values, depth + 1) };
        }
      }
      nodes[key] = { ...n, params };
    }
    modulesOut[id] = {
      ...src,
      id,
      name:
        id === mid
          ? src.name
          : `${src.name || mid} (${id.slice(mid.length + 1, -1).replace(/,/g, ', ')})`,
      nodes,
    };
    return id;
  };

  const topNodes: Record<string, DocNode> = {};
  for (const [key, n] of Object.entries(doc.nodes)) {
    const path = `/nodes/${key}`;
    const callee = isCall(n) ? String(n.params.module ?? '') : '';
    if (callee !== '' && doc.modules[callee]) {
      const cv = callValues(n, key, path, callee, undefined, '');
      topNodes[key] = { ...n, params: { ...cv.rest, module: specialize(callee, cv.values, 0) } };
      continue;
    }
    const exprs = Object.entries(n.params ?? {}).filter(([, v]) => isParamExpression(v));
    for (const [pk, pv] of exprs)
      nodeDiag(
        `${nodeLabel(n, key)}: param ${pk} is "${String(pv)}", a module-param reference, but this node is not inside a module; set a value.`,
        key,
        path,
      );
    topNodes[key] =
      exprs.length === 0
        ? n
        : {
            ...n,
            params: Object.fromEntries(
              Object.entries(n.params).filter(([, v]) => !isParamExpression(v)),
            ),
          };
  }
  // Modules nobody calls are still checked, with their defaults.
  for (const mid of Object.keys(doc.modules)) {
    if (specializations[mid]) continue;
    const defaults: Values = {};
    for (const [name, d] of Object.entries(validDecls.get(mid) ?? {}))
      defaults[name] = d.default as ParamValue;
    specialize(mid, defaults, 0);
  }

  const expand = (ids: readonly string[]): string[] =>
    ids.flatMap((e) => {
      const slash = e.indexOf('/');
      const mid = slash > 0 ? e.slice(0, slash) : e;
      const specs = specializations[mid];
      if (!specs || !doc.modules[mid]) return [e];
      return specs.map((s) => (slash > 0 ? `${s}${e.slice(slash)}` : s));
    });
  const stages: Stage[] = doc.training.stages.map((s) => ({
    ...s,
    objectives: s.objectives.map((o) => ({ ...o, updates: expand(o.updates) })),
    ...(s.frozen ? { frozen: expand(s.frozen) } : {}),
  }));

  return {
    document: {
      ...doc,
      nodes: topNodes,
      modules: modulesOut,
      training: { ...doc.training, stages },
    },
    diagnostics,
    origin,
    specializations,
  };
};

/** Maps a diagnostic found in a specialised module back to the module the user edits. */
export const toDocumentPath = (
  path: string | undefined,
  origin: Readonly<Record<string, string>>,
): string | undefined => {
  if (path === undefined || !path.startsWith('/modules/')) return path;
  const rest = path.slice('/modules/'.length);
  for (const [spec, mid] of Object.entries(origin)) {
    if (spec === mid) continue;
    if (rest === spec || rest.startsWith(`${spec}/`))
      return `/modules/${mid}${rest.slice(spec.length)}`;
  }
  return path;
};
