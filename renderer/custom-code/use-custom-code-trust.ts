// The studio's view of trust in the open document's custom code. The main side answers
// (trust:status) and records (trust:grant); until it has answered, code counts as untrusted
// (read-only, Train blocked). Edits the author makes in the studio to trusted code are trusted
// at edit time — as VS Code trusts edits inside a trusted workspace — and recorded after a pause
// or before training; code changed outside the studio comes back untrusted.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Bridge } from '../../core/ipc/contract';
import type { TesseraDocument } from '../../core/document/document.types';
import { customCodeRefs, type CustomCodeRef } from '../../nodes/custom/custom-code-refs';
import { DEFAULT_CUSTOM_CODE } from '../../nodes/custom/custom-layer/default-code';

export interface CustomCodeTrustView {
  /** The document's custom-code nodes that are not (known to be) trusted. */
  untrusted: readonly CustomCodeRef[];
  /** The project file the code came from, for the banner. */
  file?: string;
  /** The main side has answered for the code now in the document (until then it counts as untrusted). */
  checked: boolean;
  isTrusted(trustId: string, code: string): boolean;
  /** The user reviewed the code and pressed Trust. */
  trustReviewed(ref: CustomCodeRef): Promise<void>;
  /** The user edited trusted code in the studio: trusted now, recorded after a pause (or flush). */
  authored(trustId: string, code: string): void;
  /** Records every authored code still waiting (before training starts). */
  flush(): Promise<void>;
}

/** How long after the last keystroke an authored edit is recorded. */
export const AUTHORED_GRANT_DELAY_MS = 800;

const keyOf = (trustId: string, code: string): string => `${trustId}\u0000${code}`;

export const useCustomCodeTrust = (
  bridge: Bridge,
  doc: TesseraDocument,
  file: string | undefined,
  onError: (message: string) => void = () => undefined,
): CustomCodeTrustView => {
  const refs = useMemo(() => customCodeRefs(doc), [doc]);
  // Codes known trusted (from the main side, or written here); only ever added to.
  const [trusted, setTrusted] = useState<ReadonlySet<string>>(() => new Set());
  const [answered, setAnswered] = useState<string | undefined>();
  const recorded = useRef(new Set<string>());
  const pending = useRef(new Map<string, { trustId: string; code: string }>());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const addTrusted = useCallback((keys: readonly string[]) => {
    if (keys.length > 0) setTrusted((prev) => new Set([...prev, ...keys]));
  }, []);

  const unknown = refs.filter((r) => !r.shipped && !trusted.has(keyOf(r.trustId, r.code)));
  const signature = unknown.map((r) => keyOf(r.trustId, r.code)).join('\u0001');
  useEffect(() => {
    if (signature === '') return;
    let live = true;
    const asked = new Map(unknown.map((r) => [r.trustId, r.code]));
    bridge.invoke('trust:status', { document: doc }).then(
      (statuses) => {
        if (!live) return;
        const keys = statuses
          .filter((s) => s.trusted && asked.has(s.trustId))
          .map((s) => keyOf(s.trustId, asked.get(s.trustId)!));
        keys.forEach((k) => recorded.current.add(k));
        addTrusted(keys);
        setAnswered(signature);
      },
      (e: Error) => live && onError(`Could not check custom code trust: ${e.message}`),
    );
    return () => {
      live = false;
    };
    // `signature` names exactly the codes asked about; doc and unknown follow from it.
  }, [signature, bridge]);

  const grant = useCallback(
    async (trustId: string, code: string, how: 'reviewed' | 'authored') => {
      const key = keyOf(trustId, code);
      await bridge.invoke('trust:grant', {
        trustId,
        code,
        how,
        ...(file !== undefined ? { path: file } : {}),
      });
      recorded.current.add(key);
      addTrusted([key]);
    },
    [bridge, file, addTrusted],
  );

  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    const waiting = [...pending.current.values()];
    pending.current.clear();
    for (const { trustId, code } of waiting)
      if (!recorded.current.has(keyOf(trustId, code)))
        await grant(trustId, code, 'authored').catch((e: Error) =>
          onError(`Could not record trust in your edit: ${e.message}`),
        );
  }, [grant, onError]);

  useEffect(() => () => void flush(), [flush]);

  return useMemo<CustomCodeTrustView>(
    () => ({
      untrusted: refs.filter((r) => !r.shipped && !trusted.has(keyOf(r.trustId, r.code))),
      ...(file !== undefined ? { file } : {}),
      checked: signature === '' || answered === signature,
      isTrusted: (trustId, code) =>
        code === DEFAULT_CUSTOM_CODE || trusted.has(keyOf(trustId, code)),
      trustReviewed: (ref) => grant(ref.trustId, ref.code, 'reviewed'),
      authored: (trustId, code) => {
        addTrusted([keyOf(trustId, code)]);
        pending.current.set(trustId, { trustId, code });
        clearTimeout(timer.current);
        timer.current = setTimeout(() => void flush(), AUTHORED_GRANT_DELAY_MS);
      },
      flush,
    }),
    [refs, trusted, file, signature, answered, grant, flush, addTrusted],
  );
};
