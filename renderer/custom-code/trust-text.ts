// What the studio says about custom code that is not trusted on this machine: the banner, the
// reason Train is blocked, and a diagnostic on each such node (badge and Problems panel).
// The renderer never runs the code and never decides trust: it shows what the main side answers.
import type { Diagnostic } from '../../core/diagnostics/diagnostic';
import type { CustomCodeRef } from '../../nodes/custom/custom-code-refs';
import type { CompileView } from '../model/compile-view';

export const bannerText = (file: string | undefined): string =>
  `This project contains custom code from ${file ?? 'an unsaved project'}. It has not been run on this machine. Review it, then Trust to allow training.`;

const names = (refs: readonly CustomCodeRef[]): string => refs.map((r) => `"${r.name}"`).join(', ');

/** The Train button's tooltip while custom code is untrusted. */
export const trainBlockedReason = (untrusted: readonly CustomCodeRef[]): string =>
  `Training is blocked: the custom code of ${names(untrusted)} has not been trusted on this machine. Select the node, review its code, then press Trust.`;

export const untrustedDiagnostic = (ref: CustomCodeRef): Diagnostic => ({
  severity: 'error',
  source: 'trust',
  nodeId: ref.nodeId,
  path: ref.path,
  message: `Custom layer "${ref.name}" holds code that has not been run on this machine, so training is blocked. Review the code in the inspector, then press Trust.`,
});

/** The compile view with a trust diagnostic on each untrusted node of the graph shown. */
export const withTrustDiagnostics = (
  view: CompileView,
  untrusted: readonly CustomCodeRef[],
  scope: string,
): CompileView => {
  if (untrusted.length === 0) return view;
  const added = untrusted.map(untrustedDiagnostic);
  const byNode = new Map(view.byNode);
  for (const ref of untrusted) {
    if ((ref.moduleId ?? '') !== scope) continue;
    byNode.set(ref.nodeId, [...(byNode.get(ref.nodeId) ?? []), untrustedDiagnostic(ref)]);
  }
  return { ...view, diagnostics: [...view.diagnostics, ...added], byNode };
};
