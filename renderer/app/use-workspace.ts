// Reopens the last project and view when the page starts, and remembers them as they change
// (debounced: localStorage for reloads, the main side for restarts). Same in the web shell and
// Electron: it goes through the bridge only.
import { useEffect, useRef } from 'react';
import { useOnViewportChange, useReactFlow, type Viewport } from '@xyflow/react';
import type { Bridge, WorkspaceState } from '../../core/ipc/contract';
import type { DocumentStore } from '../store/document-store';
import { applyOpened, openTemplate } from '../files/file-actions';
import { useFitGraph } from '../canvas/fit-graph';
import {
  pickWorkspace,
  readLocalWorkspace,
  sameWorkspace,
  startIntent,
  writeLocalWorkspace,
} from './workspace';

const storage = (): Storage | undefined => {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
};

/** How long the canvas's own fit-view (30 ms + 200 ms animation) takes before a saved viewport is applied. */
const AFTER_FIT_MS = 350;

export const useWorkspace = (store: DocumentStore, bridge: Bridge): void => {
  const rf = useReactFlow();
  const fitGraph = useFitGraph();
  const ready = useRef(false);
  const viewport = useRef<Viewport | undefined>(undefined);
  const last = useRef<WorkspaceState | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const remember = () => {
    if (!ready.current) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const { path, scope } = store.getSnapshot();
      const state: WorkspaceState = {
        scope,
        ...(path ? { path } : {}),
        ...(viewport.current ? { viewport: { ...viewport.current } } : {}),
      };
      if (sameWorkspace(last.current, state)) return;
      last.current = state;
      writeLocalWorkspace(storage(), state);
      void bridge.invoke('workspace:set', state).catch(() => undefined);
    }, 300);
  };
  const rememberRef = useRef(remember);
  rememberRef.current = remember;

  useOnViewportChange({
    onEnd: (vp) => {
      viewport.current = vp;
      rememberRef.current();
    },
  });

  useEffect(() => store.subscribe(() => rememberRef.current()), [store]);

  useEffect(() => {
    let cancelled = false;
    // The readable fit (whole graph at zoom >= 0.8, else its start in view), as Arrange and Open use.
    const fit = () => setTimeout(() => fitGraph(), 80);
    const loadsAtStart = store.getSnapshot().loads;
    // A document the user opened (or restored) meanwhile wins over the one reopened here.
    const untouched = () =>
      !cancelled && store.getSnapshot().loads === loadsAtStart && !store.getSnapshot().dirty;
    const restore = async (): Promise<void> => {
      const intent = startIntent(location.hash);
      if (intent.template) {
        if (await openTemplate(bridge, store, intent.template)) fit();
        return;
      }
      const main = await bridge.invoke('workspace:get').catch(() => null);
      const ws = pickWorkspace(readLocalWorkspace(storage()), main);
      if (ws?.path) {
        // A project that has gone (moved, deleted) is not an error at start: fall through.
        const opened = await bridge.invoke('project:open', ws.path).catch(() => undefined);
        if (untouched() && opened?.content !== undefined && applyOpened(store, opened, ws.path)) {
          if (ws.scope) store.enter(ws.scope);
          const vp = ws.viewport;
          if (vp)
            await new Promise<void>((r) =>
              setTimeout(() => {
                void rf.setViewport(vp);
                viewport.current = vp;
                r();
              }, AFTER_FIT_MS),
            );
          return;
        }
      }
      if (intent.startTemplate && untouched()) {
        const opened = await bridge
          .invoke('templates:get', intent.startTemplate)
          .catch(() => undefined);
        if (opened && untouched() && applyOpened(store, opened, undefined)) fit();
      }
    };
    void restore().finally(() => {
      if (cancelled) return;
      ready.current = true;
      rememberRef.current();
    });
    return () => {
      cancelled = true;
    };
  }, [bridge, store, rf, fitGraph]);
};
