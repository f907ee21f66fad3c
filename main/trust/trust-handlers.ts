// The contract's trust channels, for both shells: trust:status reads the trust store for a
// document's custom code; trust:grant hashes one node's code here, in the main process, and
// records it. Nothing the renderer sends is taken as trust except this explicit grant.
import type { InvokeHandlers } from '../../core/ipc/contract';
import { customCodeTrust } from './custom-code-trust';
import { customCodeHash } from './trust-hash';
import type { TrustStore } from './trust-store';

export const createTrustHandlers = (
  store: TrustStore,
): Pick<InvokeHandlers, 'trust:status' | 'trust:grant'> => ({
  'trust:status': async ({ document }) =>
    customCodeTrust(document, store).map((c) => ({
      nodeId: c.nodeId,
      ...(c.moduleId !== undefined ? { moduleId: c.moduleId } : {}),
      trustId: c.trustId,
      name: c.name,
      hash: c.hash,
      trusted: c.trusted,
    })),
  'trust:grant': async ({ trustId, code, path, how }) => {
    const hash = customCodeHash(trustId, code);
    await store.grant(hash, { trustId, how, ...(path !== undefined ? { file: path } : {}) });
    return { hash };
  },
});
