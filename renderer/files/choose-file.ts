// The file dialog's last step, in both shells: the main side decides. In Electron files:choose
// shows the native dialog (starting at `path`); in the web shell it grants the path the in-app
// dialog chose. Either way the answer is a path granted once for that action.
import type { Bridge, FileAction } from '../../core/ipc/contract';
import { hasErrors } from '../../core/diagnostics/diagnostic';

/** The chosen path; undefined when the user cancelled; rejects with the main side's refusal. */
export const chooseFile = async (
  bridge: Bridge,
  action: FileAction,
  path?: string,
): Promise<string | undefined> => {
  const r = await bridge.invoke('files:choose', path === undefined ? { action } : { action, path });
  if (r.cancelled) return undefined;
  if (r.path === undefined || hasErrors(r.diagnostics))
    throw new Error(
      r.diagnostics.map((d) => d.message).join(' ') || 'The file was not chosen; try again.',
    );
  return r.path;
};

/** Whether the main side shows its own file dialogs (Electron) instead of the in-app one. */
export const hasNativeDialogs = (shell: 'web' | 'electron' | undefined): boolean =>
  shell === 'electron';
