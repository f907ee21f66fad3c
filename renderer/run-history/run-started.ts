// A run started outside the Training panel (the Runs view's "Resume"): the panel follows it.
type Listener = (runId: string) => void;
const listeners = new Set<Listener>();

export const announceRunStarted = (runId: string): void => {
  for (const l of listeners) l(runId);
};

/** Subscribes; returns the unsubscribe. */
export const onRunStarted = (l: Listener): (() => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
