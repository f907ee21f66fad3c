// The desktop application menu. File commands go to the UI as 'menu:command' events (the UI
// owns the document); Edit keeps the native roles for text fields, without accelerators, so
// Ctrl+Z on the canvas stays the document's undo.
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../core/ipc/contract';

export const appMenuTemplate = (
  send: (command: MenuCommand) => void,
  isMac: boolean,
): MenuItemConstructorOptions[] => [
  ...(isMac ? [{ role: 'appMenu' as const }] : []),
  {
    label: 'File',
    submenu: [
      { label: 'New Project', accelerator: 'CmdOrCtrl+N', click: () => send('new') },
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => send('open') },
      { type: 'separator' },
      { label: 'Save', accelerator: 'CmdOrCtrl+S', click: () => send('save') },
      { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', click: () => send('saveAs') },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  },
  {
    label: 'Edit',
    submenu: [
      { label: 'Make Module', accelerator: 'CmdOrCtrl+G', click: () => send('makeModule') },
      { type: 'separator' },
      { role: 'cut', accelerator: '' },
      { role: 'copy', accelerator: '' },
      { role: 'paste', accelerator: '' },
    ],
  },
  {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  },
  { label: 'Help', submenu: [{ label: 'Keyboard Shortcuts', click: () => send('help') }] },
];
