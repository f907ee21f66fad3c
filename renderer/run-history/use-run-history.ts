// The open project's run history, loaded from disk through runs:list when the project opens (so
// it survives reloads and restarts) and again whenever a run changes state.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Bridge } from '../../core/ipc/contract';
import type { RunProject, RunSummary } from '../../core/run-history/run-record';

export interface RunHistoryView {
  runs: RunSummary[];
  loaded: boolean;
  error?: string;
  reload(): void;
}

/** How long a burst of status events waits before one reload. */
const RELOAD_AFTER_MS = 250;

export const useRunHistory = (bridge: Bridge, project: RunProject): RunHistoryView => {
  const [runs, setRuns] = useState<RunSummary[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const asked = useRef(0);
  const { path, name } = project;

  const reload = useCallback(() => {
    const n = ++asked.current;
    bridge.invoke('runs:list', { ...(path ? { path } : {}), name }).then(
      (r) => {
        if (n !== asked.current) return; // a newer answer is on its way
        setRuns(r);
        setError(undefined);
        setLoaded(true);
      },
      (e: Error) => {
        if (n !== asked.current) return;
        setError(`The run history could not be read: ${e.message}`);
        setLoaded(true);
      },
    );
  }, [bridge, path, name]);

  useEffect(() => {
    setLoaded(false);
    reload();
  }, [reload]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = bridge.on('train:event', (e) => {
      if (e.type !== 'status') return;
      clearTimeout(timer);
      timer = setTimeout(reload, RELOAD_AFTER_MS);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [bridge, reload]);

  return { runs, loaded, ...(error ? { error } : {}), reload };
};
