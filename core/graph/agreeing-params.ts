// Part of the params pass: nodes that declare the same `agreeingParams` group must hold the same
// values for its params. The reference is the first node of the group that does not `follows`
// (the Diffusion Step, which defines the schedule the model trains on); a follower (a sampler)
// with other values would denoise with a schedule the model never saw, so it gets an error that
// names both nodes, the values, and the fix. Followers are compared only with each other when the
// project has no reference.
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { IRNode } from './ir';
import { nodeDiagnostic, own, type PassContext } from './pass-context';

const SOURCE = 'params';

const valueOf = (node: IRNode, key: string): unknown =>
  own(node.params, key) ?? own(node.def?.params ?? {}, key)?.default;

const labelOf = (node: IRNode, key: string): string =>
  own(node.def?.params ?? {}, key)?.label ?? key;

const show = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : String(v));

export const agreeingParamsProblems = (ctx: PassContext): Diagnostic[] => {
  const out: Diagnostic[] = [];
  const groups = new Map<string, IRNode[]>();
  for (const scope of ctx.scopes)
    for (const node of Object.values(scope.graph.nodes)) {
      const group = node.def?.agreeingParams?.group;
      if (group === undefined) continue;
      groups.set(group, [...(groups.get(group) ?? []), node]);
    }
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const reference = members.find((n) => !n.def?.agreeingParams?.follows) ?? members[0]!;
    const spec = reference.def!.agreeingParams!;
    const keys = spec.params((k) => valueOf(reference, k));
    for (const node of members) {
      if (node === reference) continue;
      const differing = keys.filter((k) => valueOf(node, k) !== valueOf(reference, k));
      if (differing.length === 0) continue;
      const theirs = differing.map((k) => `${labelOf(node, k)} = ${show(valueOf(node, k))}`);
      const ours = differing.map((k) => `${labelOf(node, k)} = ${show(valueOf(reference, k))}`);
      out.push(
        nodeDiagnostic(
          'error',
          SOURCE,
          node,
          `${node.label} ("${node.id}") uses the ${spec.what} ${theirs.join(', ')}, but ${reference.label} ` +
            `("${reference.id}") has ${ours.join(', ')}; set ${differing.length === 1 ? 'it' : 'them'} to ` +
            `${ours.join(', ')} here: nodes sharing a ${spec.what} must agree, or ${spec.otherwise}.`,
        ),
      );
    }
  }
  return out;
};
