// The engine's own trust check before a training run builds anything (the UI is not trusted):
// every custom-code node of the document must be trusted in the trust store, else the run is
// refused naming each node and how to trust it. When it passes, the loader it returns compiles
// exactly the code that was checked.
import type { CustomCodeLoader } from '../../core/node-contract/custom-code';
import { createCustomCodeLoader } from './custom-code-loader';
import { customCodeTrust, howToTrust, untrustedCodeMessage } from './custom-code-trust';
import { defaultTrustFile } from './trust-file';
import { TrustStore } from './trust-store';

export type TrainingTrust =
  | { ok: true; /** Present when the document has custom code. */ customCode?: CustomCodeLoader }
  | { ok: false; message: string; /** One line per untrusted node. */ problems: string[] };

export const trainingTrust = async (request: {
  document: unknown;
  trustFile?: string;
  projectFile?: string;
}): Promise<TrainingTrust> => {
  const store = new TrustStore(request.trustFile ?? defaultTrustFile());
  const codes = customCodeTrust(request.document, store);
  if (codes.length === 0) return { ok: true };
  const untrusted = codes.filter((c) => !c.trusted);
  if (untrusted.length === 0)
    return { ok: true, customCode: createCustomCodeLoader(codes.map((c) => c.code)) };
  const names = untrusted.map((c) => `"${c.name}" (${c.trustId})`).join(', ');
  return {
    ok: false,
    message: `Refused to train: the custom code of ${untrusted.length === 1 ? 'node' : 'nodes'} ${names} is not trusted on this machine; ${howToTrust(request.projectFile)}.`,
    problems: untrusted.map((c) => untrustedCodeMessage(c, request.projectFile)),
  };
};
