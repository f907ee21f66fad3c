// params pass: every param of every node against its ParamSpec (type, range, enum) with
// checkParam; unknown param keys are warnings (kept, ignored); nodes sharing an agreeingParams
// group (a noise schedule) hold the same values.
import type { Diagnostic } from '../diagnostics/diagnostic';
import { checkParam } from '../node-contract/param-spec';
import { agreeingParamsProblems } from './agreeing-params';
import { nodeDiagnostic, own, whereOf, type CompilerPass, type PassContext } from './pass-context';

const SOURCE = 'params';

export const paramsPass = (ctx: PassContext): Diagnostic[] => {
  const out: Diagnostic[] = [];
  for (const scope of ctx.scopes)
    for (const node of Object.values(scope.graph.nodes)) {
      const def = node.def;
      if (!def) continue;
      for (const [name, spec] of Object.entries(def.params)) {
        const problem = checkParam(name, spec, own(node.params, name));
        if (problem === undefined) continue;
        out.push(
          nodeDiagnostic('error', SOURCE, node, `${node.label}${whereOf(scope)}: ${problem}`),
        );
        ctx.blocked.add(node);
      }
      for (const key of Object.keys(node.params))
        if (own(def.params, key) === undefined)
          out.push(
            nodeDiagnostic(
              'warning',
              SOURCE,
              node,
              `${node.label}${whereOf(scope)} has a param "${key}" that ${def.title} does not use; it is ignored, so remove it.`,
            ),
          );
    }
  out.push(...agreeingParamsProblems(ctx));
  return out;
};

export const params: CompilerPass = { name: 'params', requires: ['lower'], run: paramsPass };
