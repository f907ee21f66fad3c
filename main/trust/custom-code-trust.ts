// Which custom code of a document is trusted on this machine, and what to tell the user about
// the rest. Trust comes only from the trust store (and Tessera's own default code): anything a
// project file says about itself (`trusted: true` anywhere) is never read.
import { diagnostic, type Diagnostic } from '../../core/diagnostics/diagnostic';
import { customCodeRefs, type CustomCodeRef } from '../../nodes/custom/custom-code-refs';
import { customCodeHash } from './trust-hash';
import type { TrustStore } from './trust-store';

export interface CustomCodeTrust extends CustomCodeRef {
  hash: string;
  trusted: boolean;
}

export const customCodeTrust = (document: unknown, store: TrustStore): CustomCodeTrust[] => {
  const refs = customCodeRefs(document);
  if (refs.length === 0) return [];
  const entries = store.entries();
  return refs.map((ref) => {
    const hash = customCodeHash(ref.trustId, ref.code);
    return {
      ...ref,
      hash,
      trusted: ref.shipped || Object.prototype.hasOwnProperty.call(entries, hash),
    };
  });
};

/** How the user trusts code: the studio's Trust button, or the CLI with the project file. */
export const howToTrust = (file?: string): string =>
  `review the code, then press Trust in the studio's inspector or run \`tessera trust ${file ?? '<project file>'}\``;

/** What the refused action is: training runs the code, export copies it into a program. */
export type TrustedAction = 'train' | 'export';

export const untrustedCodeMessage = (
  code: CustomCodeTrust,
  file?: string,
  action: TrustedAction = 'train',
): string =>
  `Custom layer "${code.name}" (${code.trustId}) holds code that has not been trusted on this machine, so Tessera will not ${action === 'train' ? 'run' : 'export'} it. To ${action}, ${howToTrust(file)}.`;

export const untrustedCodeDiagnostics = (
  codes: readonly CustomCodeTrust[],
  file?: string,
  action: TrustedAction = 'train',
): Diagnostic[] =>
  codes
    .filter((c) => !c.trusted)
    .map((c) =>
      diagnostic('error', 'trust', untrustedCodeMessage(c, file, action), {
        nodeId: c.nodeId,
        path: c.path,
      }),
    );
