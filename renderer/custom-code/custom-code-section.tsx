// The inspector's code section of a Custom Layer: the code in Monaco, read-only with the banner
// and a Trust button while it is untrusted on this machine, editable once trusted (edits stay
// trusted: the author wrote them). Trust is recorded by the main process (trust:grant).
import { lazy, Suspense, useState } from 'react';
import { useEditor, useStoreSnapshot } from '../app/editor-context';
import { setParam } from '../store/commands';
import type { CustomCodeRef } from '../../nodes/custom/custom-code-refs';
import { bannerText } from './trust-text';

const CustomCodeEditor = lazy(async () => ({
  default: (await import('./custom-code-editor')).CustomCodeEditor,
}));

export const CustomCodeSection = ({ nodeId, code }: { nodeId: string; code: string }) => {
  const ed = useEditor();
  const snap = useStoreSnapshot(ed.store);
  const [busy, setBusy] = useState(false);
  const scope = snap.scope;
  const trustId = scope === '' ? nodeId : `${scope}/${nodeId}`;
  const trust = ed.trust;
  const trusted = trust?.isTrusted(trustId, code) ?? false;
  const ref: CustomCodeRef | undefined = trust?.untrusted.find((r) => r.trustId === trustId);
  const onTrust = async () => {
    if (!trust || !ref) return;
    setBusy(true);
    try {
      await trust.trustReviewed(ref);
      ed.toast(`Trusted the code of "${ref.name}" on this machine.`);
    } catch (e) {
      ed.toast(`Could not trust the code: ${(e as Error).message}`, 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="custom-code" data-testid="custom-code">
      <h4>Code</h4>
      {!trusted && (trust?.checked ?? true) && (
        <div className="trust-banner" role="alert" data-testid="custom-code-banner">
          <span>{bannerText(trust?.file ?? snap.path)}</span>
          <button className="primary" disabled={busy || !ref} onClick={() => void onTrust()}>
            Trust
          </button>
        </div>
      )}
      <div className="custom-code-host" data-readonly={trusted ? 'false' : 'true'}>
        <Suspense fallback={<pre className="mono">{code}</pre>}>
          <CustomCodeEditor
            value={code}
            readOnly={!trusted}
            onChange={(next) => {
              ed.store.dispatch('Edit code', setParam(nodeId, 'code', next, scope), {
                mergeKey: `param:${nodeId}:code`,
              });
              trust?.authored(trustId, next);
            }}
          />
        </Suspense>
      </div>
    </div>
  );
};
