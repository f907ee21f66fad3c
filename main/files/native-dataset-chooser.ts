// The desktop shell's dialog for a dataset: an image folder (openDirectory) or a text file
// (openFile), shown by the main process. What the user picks there is what the dataset policy
// records (the path the renderer sends is only where the dialog starts).
import type { BrowserWindow, Dialog } from 'electron';
import type { DatasetPathKind } from './dataset-access';

export type NativeDatasetChooser = (
  kind: DatasetPathKind,
  defaultPath: string,
) => Promise<string | undefined>;

export const electronDatasetChooser =
  (
    dialog: Pick<Dialog, 'showOpenDialog'>,
    window: () => BrowserWindow | undefined,
  ): NativeDatasetChooser =>
  async (kind, defaultPath) => {
    const options = {
      title: kind === 'folder' ? 'Choose the image folder' : 'Choose the text file',
      defaultPath,
      properties: [kind === 'folder' ? ('openDirectory' as const) : ('openFile' as const)],
      ...(kind === 'file'
        ? { filters: [{ name: 'Text', extensions: ['txt', 'md', 'csv', '*'] }] }
        : {}),
    };
    const win = window();
    const r = win
      ? await dialog.showOpenDialog(win, options)
      : await dialog.showOpenDialog(options);
    return r.canceled ? undefined : r.filePaths[0];
  };
