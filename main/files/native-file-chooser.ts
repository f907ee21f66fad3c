// The desktop shell's file dialogs, shown by the main process: what the user picks there is the
// only way a path outside the projects folder reaches the file policy in Electron (the path the
// renderer sends is only where the dialog starts).
import type { BrowserWindow, Dialog } from 'electron';
import type { FileAction } from './path-rules';

/** Shows a dialog for `action` starting at `defaultPath`; the chosen path, or undefined if cancelled. */
export type NativeFileChooser = (
  action: FileAction,
  defaultPath: string,
) => Promise<string | undefined>;

const filters: Record<FileAction, { name: string; extensions: string[] }[]> = {
  open: [{ name: 'Tessera project', extensions: ['json'] }],
  save: [{ name: 'Tessera project', extensions: ['json'] }],
  export: [{ name: 'TypeScript program', extensions: ['ts'] }],
};

const titles: Record<FileAction, string> = {
  open: 'Open project',
  save: 'Save project as',
  export: 'Save export',
};

export const electronFileChooser =
  (
    dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>,
    window: () => BrowserWindow | undefined,
  ): NativeFileChooser =>
  async (action, defaultPath) => {
    const win = window();
    const common = { title: titles[action], defaultPath, filters: filters[action] };
    if (action === 'open') {
      const options = { ...common, properties: ['openFile' as const] };
      const r = win
        ? await dialog.showOpenDialog(win, options)
        : await dialog.showOpenDialog(options);
      return r.canceled ? undefined : r.filePaths[0];
    }
    const options = { ...common, properties: ['showOverwriteConfirmation' as const] };
    const r = win
      ? await dialog.showSaveDialog(win, options)
      : await dialog.showSaveDialog(options);
    return r.canceled || !r.filePath ? undefined : r.filePath;
  };
