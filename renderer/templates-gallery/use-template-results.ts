// A template's results image (templates:results), fetched once per template and bridge and kept
// for the session: the gallery mounts again whenever its tab is shown.
import { useEffect, useState } from 'react';
import type { Bridge, TemplateResults } from '../../core/ipc/contract';

const cache = new WeakMap<Bridge, Map<string, Promise<TemplateResults | null>>>();

/** The bridge's answer, remembered; a failed call answers null (no image) and is retried later. */
export const fetchTemplateResults = (
  bridge: Bridge,
  id: string,
): Promise<TemplateResults | null> => {
  let byId = cache.get(bridge);
  if (!byId) cache.set(bridge, (byId = new Map()));
  const known = byId.get(id);
  if (known) return known;
  const p = bridge.invoke('templates:results', id).catch(() => {
    byId.delete(id);
    return null;
  });
  byId.set(id, p);
  return p;
};

/** undefined while loading (or when `wanted` is false), null when there is no image. */
export const useTemplateResults = (
  bridge: Bridge,
  id: string,
  wanted: boolean,
): TemplateResults | null | undefined => {
  const [results, setResults] = useState<TemplateResults | null | undefined>();
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    void fetchTemplateResults(bridge, id).then((r) => live && setResults(r));
    return () => {
      live = false;
    };
  }, [bridge, id, wanted]);
  return wanted ? results : null;
};
