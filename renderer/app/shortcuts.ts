// Keyboard shortcuts, one list: the handler and the help overlay read the same table.
export interface Shortcut {
  keys: string;
  action: ShortcutAction;
  label: string;
}

export type ShortcutAction =
  | 'undo'
  | 'redo'
  | 'copy'
  | 'paste'
  | 'duplicate'
  | 'delete'
  | 'selectAll'
  | 'save'
  | 'saveAs'
  | 'open'
  | 'new'
  | 'quickAdd'
  | 'help'
  | 'escape'
  | 'makeModule'
  | 'arrange';

export const shortcuts: readonly Shortcut[] = [
  { keys: 'Ctrl+Z', action: 'undo', label: 'Undo' },
  { keys: 'Ctrl+Shift+Z', action: 'redo', label: 'Redo (also Ctrl+Y)' },
  { keys: 'Ctrl+C', action: 'copy', label: 'Copy selected nodes' },
  { keys: 'Ctrl+V', action: 'paste', label: 'Paste' },
  { keys: 'Ctrl+D', action: 'duplicate', label: 'Duplicate selected nodes' },
  { keys: 'Delete', action: 'delete', label: 'Delete selection (also Backspace)' },
  { keys: 'Ctrl+A', action: 'selectAll', label: 'Select all nodes' },
  { keys: 'Ctrl+G', action: 'makeModule', label: 'Make a module of the selected nodes' },
  {
    keys: 'Shift+A',
    action: 'arrange',
    label: 'Arrange: lay the graph out left to right, then fit',
  },
  { keys: 'Ctrl+S', action: 'save', label: 'Save' },
  { keys: 'Ctrl+Shift+S', action: 'saveAs', label: 'Save as…' },
  { keys: 'Ctrl+O', action: 'open', label: 'Open…' },
  { keys: 'Ctrl+N', action: 'new', label: 'New project' },
  { keys: 'Tab', action: 'quickAdd', label: 'Quick-add a node (also double-click the canvas)' },
  { keys: '?', action: 'help', label: 'Show this help' },
  { keys: 'Escape', action: 'escape', label: 'Close dialogs; leave the module being edited' },
];

/** Which action a key event means, or undefined. Cmd counts as Ctrl on macOS. */
export const actionFor = (
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>,
): ShortcutAction | undefined => {
  const mod = e.ctrlKey || e.metaKey;
  const k = e.key.toLowerCase();
  if (mod && !e.altKey) {
    if (k === 'z') return e.shiftKey ? 'redo' : 'undo';
    if (k === 'y') return 'redo';
    if (k === 'c') return 'copy';
    if (k === 'v') return 'paste';
    if (k === 'd') return 'duplicate';
    if (k === 'a') return 'selectAll';
    if (k === 's') return e.shiftKey ? 'saveAs' : 'save';
    if (k === 'o') return 'open';
    if (k === 'n') return 'new';
    if (k === 'g') return 'makeModule';
    return undefined;
  }
  if (e.shiftKey && !e.altKey && e.key.toLowerCase() === 'a') return 'arrange';
  if (e.key === 'Delete' || e.key === 'Backspace') return 'delete';
  if (e.key === 'Tab' && !e.shiftKey) return 'quickAdd';
  if (e.key === '?') return 'help';
  if (e.key === 'Escape') return 'escape';
  return undefined;
};

/** Typing in a field or in Monaco is not a shortcut (except save/undo handled by the field itself). */
export const isTypingTarget = (t: EventTarget | null): boolean => {
  const el = t as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  return el.closest('input, textarea, select, [contenteditable="true"], .monaco-editor') !== null;
};
