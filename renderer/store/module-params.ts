// Module param declarations as undoable recipes: declare, change (and rename), remove. A rename
// follows into the module's "=expr" params and into every instance's value; a removal turns the
// module's references to the param into the value they have with the defaults, and drops the
// instances' values of it.
import { castDraft, type Draft } from 'immer';
import type {
  DocModule,
  DocNode,
  ModuleParamDecl,
  TesseraDocument,
} from '../../core/document/document.types';
import type { ParamValue } from '../../core/node-contract/param-spec';
import {
  evaluateParamExpression,
  expressionNames,
  isParamExpression,
} from '../../core/modules/param-expression';
import { RESERVED_PARAM_NAMES, declsOf } from '../../core/modules/specialize-modules';
import { MODULE_HANDLE, MODULE_INSTANCE } from '../../core/graph/module-types';

type Doc = Draft<TesseraDocument>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why `name` cannot name a param of `module` (undefined when it can); `current` is the name being edited. */
export const moduleParamNameProblem = (
  module: DocModule | undefined,
  name: string,
  current?: string,
): string | undefined => {
  const n = name.trim();
  if (n === '') return 'Give the param a name, e.g. width.';
  if (!NAME.test(n))
    return `"${n}" is not a param name: start with a letter, then letters, digits or _ (e.g. width2).`;
  if (RESERVED_PARAM_NAMES.includes(n))
    return `"${n}" is a param of Module Instance itself; choose another name (e.g. ${n}2).`;
  if (n !== current && Object.prototype.hasOwnProperty.call(declsOf(module), n))
    return `The module already has a param "${n}"; choose another name or edit that one.`;
  return undefined;
};

/** The defaults of a module's declared params (what its linked fields resolve to in the inspector). */
export const moduleDefaults = (module: DocModule | undefined): Record<string, ParamValue> =>
  Object.fromEntries(Object.entries(declsOf(module)).map(([k, d]) => [k, d.default as ParamValue]));

const callers = (doc: Doc, moduleId: string): Draft<DocNode>[] =>
  [doc.nodes, ...Object.values(doc.modules).map((m) => m.nodes)].flatMap((nodes) =>
    Object.values(nodes).filter(
      (n) =>
        (n.type === MODULE_INSTANCE || n.type === MODULE_HANDLE) && n.params.module === moduleId,
    ),
  );

const renameInExpression = (text: string, from: string, to: string): string =>
  text.replace(
    new RegExp(`(^|[^A-Za-z0-9_])${from}(?![A-Za-z0-9_])`, 'g'),
    (_m, pre: string) => `${pre}${to}`,
  );

const cleanDecl = (d: ModuleParamDecl): ModuleParamDecl => {
  const out: ModuleParamDecl = { kind: d.kind, default: d.default };
  if (d.min !== undefined) out.min = d.min;
  if (d.max !== undefined) out.max = d.max;
  if (d.options !== undefined) out.options = [...d.options];
  if (d.doc !== undefined && d.doc !== '') out.doc = d.doc;
  return out;
};

/** Declares (or replaces) param `name` on the module. */
export const declareModuleParam =
  (moduleId: string, name: string, decl: ModuleParamDecl) =>
  (doc: Doc): void => {
    const m = doc.modules[moduleId];
    if (!m) return;
    m.params ??= {};
    m.params[name] = castDraft(cleanDecl(decl));
  };

/** Changes param `name`'s declaration; a new name follows into expressions and instance values. */
export const updateModuleParam =
  (moduleId: string, name: string, newName: string, decl: ModuleParamDecl) =>
  (doc: Doc): void => {
    const m = doc.modules[moduleId];
    if (!m?.params?.[name]) return;
    if (newName === name) {
      m.params[name] = castDraft(cleanDecl(decl));
      return;
    }
    // Keep the declaration order, with the new name in the old one's place (one replacement, so
    // that undo brings the old order back too).
    const current = m.params as Record<string, ModuleParamDecl>;
    m.params = castDraft(
      Object.fromEntries(
        Object.entries(current).map(([k, d]) => (k === name ? [newName, cleanDecl(decl)] : [k, d])),
      ),
    );
    for (const n of Object.values(m.nodes))
      for (const [pk, pv] of Object.entries(n.params))
        if (isParamExpression(pv) && expressionNames(pv).includes(name))
          n.params[pk] = renameInExpression(pv, name, newName);
    for (const c of callers(doc, moduleId))
      if (Object.prototype.hasOwnProperty.call(c.params, name)) {
        c.params[newName] = c.params[name]!;
        delete c.params[name];
      }
  };

/** Removes param `name`: linked fields keep the value they had with the defaults. */
export const removeModuleParam =
  (moduleId: string, name: string) =>
  (doc: Doc): void => {
    const m = doc.modules[moduleId];
    if (!m?.params?.[name]) return;
    const defaults = moduleDefaults(m as DocModule);
    delete m.params[name];
    for (const n of Object.values(m.nodes))
      for (const [pk, pv] of Object.entries(n.params)) {
        if (!isParamExpression(pv) || !expressionNames(pv).includes(name)) continue;
        const r = evaluateParamExpression(pv, defaults);
        if ('value' in r) n.params[pk] = castDraft(r.value);
      }
    for (const c of callers(doc, moduleId)) delete c.params[name];
  };
