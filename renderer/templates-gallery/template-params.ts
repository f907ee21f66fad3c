// The parameter count the gallery's details view shows for a template: the compiler's cost pass
// on the template's document (as the canvas's status box counts it). Exact when every node's
// params are known; otherwise a lower bound, with the nodes it could not count.
import { hasErrors } from '../../core/diagnostics/diagnostic';
import { loadDocument } from '../../core/document/load-document';
import { compileLoaded } from '../../core/graph/compile';
import type { NodeRegistry, ShapeEnv } from '../../core/node-contract/node-definition';

export interface TemplateParams {
  /** Trainable parameters of the nodes counted (shared weights once). */
  params: number;
  /** Every node's params are known: `params` is the model's count. */
  exact: boolean;
  /** The nodes whose params are unknown (then `params` is a lower bound). */
  uncounted: string[];
}

/** Undefined when the document does not load or nothing could be counted. */
export const templateParams = (
  content: unknown,
  registry: NodeRegistry,
  env: ShapeEnv,
): TemplateParams | undefined => {
  const loaded = loadDocument(content);
  if (!loaded.document || hasErrors(loaded.diagnostics)) return undefined;
  const cost = compileLoaded(loaded.document, registry, env).program?.cost;
  if (!cost) return undefined;
  const uncounted = [...cost.unknownParams];
  if (cost.params === 0 && uncounted.length > 0) return undefined;
  return { params: cost.params, exact: uncounted.length === 0, uncounted };
};

/** "13,265 parameters", "at least 273,986 parameters". */
export const paramsLine = (p: TemplateParams): string =>
  `${p.exact ? '' : 'at least '}${p.params.toLocaleString('en-US')} parameters`;
