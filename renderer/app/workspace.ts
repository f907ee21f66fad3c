// What the studio remembers so that a reload or a restart reopens the last project and view:
// the project's path, the scope (top level or a module) and the canvas viewport. A reload reads
// the page's localStorage; a restart (the web shell's new port is a new origin, so a new
// localStorage) asks the main side, which keeps the last state in a file (workspace:get/set).
import type { WorkspaceState } from '../../core/ipc/contract';

export const WORKSPACE_KEY = 'tessera.workspace';

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A stored value as a WorkspaceState, or undefined when it is not one. */
export const parseWorkspace = (v: unknown): WorkspaceState | undefined => {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.scope !== 'string') return undefined;
  const vp = o.viewport as Record<string, unknown> | undefined;
  return {
    scope: o.scope,
    ...(typeof o.path === 'string' && o.path ? { path: o.path } : {}),
    ...(vp && isNum(vp.x) && isNum(vp.y) && isNum(vp.zoom) && vp.zoom > 0
      ? { viewport: { x: vp.x, y: vp.y, zoom: vp.zoom } }
      : {}),
  };
};

export const readLocalWorkspace = (storage: Pick<Storage, 'getItem'> | undefined) => {
  try {
    const raw = storage?.getItem(WORKSPACE_KEY);
    return raw ? parseWorkspace(JSON.parse(raw)) : undefined;
  } catch {
    return undefined;
  }
};

export const writeLocalWorkspace = (
  storage: Pick<Storage, 'setItem'> | undefined,
  state: WorkspaceState,
): void => {
  try {
    storage?.setItem(WORKSPACE_KEY, JSON.stringify(state));
  } catch {
    // storage full or disabled: the main side still remembers
  }
};

/**
 * What the page was opened for, from its URL hash: `#template=x` opens that template (always);
 * `#start=x` opens it only when there is no earlier workspace to reopen (the shells' first page).
 */
export const startIntent = (hash: string): { template?: string; startTemplate?: string } => {
  const template = /(?:^#|&)template=([a-z0-9-]+)/.exec(hash)?.[1];
  const startTemplate = /(?:^#|&)start=([a-z0-9-]+)/.exec(hash)?.[1];
  return { ...(template ? { template } : {}), ...(startTemplate ? { startTemplate } : {}) };
};

/** The state to reopen: this page's own (a reload) first, else the main side's (a restart). */
export const pickWorkspace = (
  local: WorkspaceState | undefined,
  main: WorkspaceState | null | undefined,
): WorkspaceState | undefined => (local?.path ? local : main?.path ? main : undefined);

export const sameWorkspace = (a: WorkspaceState | undefined, b: WorkspaceState): boolean =>
  !!a &&
  a.path === b.path &&
  a.scope === b.scope &&
  a.viewport?.x === b.viewport?.x &&
  a.viewport?.y === b.viewport?.y &&
  a.viewport?.zoom === b.viewport?.zoom;
