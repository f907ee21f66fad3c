import { describe, expect, it } from 'vitest';
import type { BrowserWindow, Dialog } from 'electron';
import { electronFileChooser } from './native-file-chooser';

const fakeDialog = (answer: { canceled: boolean; filePaths?: string[]; filePath?: string }) => {
  const shown: { kind: string; win: unknown; options: Record<string, unknown> }[] = [];
  const dialog = {
    showOpenDialog: async (win: unknown, options: Record<string, unknown>) => {
      shown.push({ kind: 'open', win, options });
      return { canceled: answer.canceled, filePaths: answer.filePaths ?? [] };
    },
    showSaveDialog: async (win: unknown, options: Record<string, unknown>) => {
      shown.push({ kind: 'save', win, options });
      return { canceled: answer.canceled, filePath: answer.filePath ?? '' };
    },
  } as unknown as Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;
  return { dialog, shown };
};

describe('the Electron file chooser', () => {
  const win = { id: 1 } as unknown as BrowserWindow;

  it('opens with a project filter at the given path, on the app window', async () => {
    const { dialog, shown } = fakeDialog({ canceled: false, filePaths: ['/d/a.tessera.json'] });
    const choose = electronFileChooser(dialog, () => win);
    expect(await choose('open', '/p')).toBe('/d/a.tessera.json');
    expect(shown).toEqual([
      {
        kind: 'open',
        win,
        options: {
          title: 'Open project',
          defaultPath: '/p',
          filters: [{ name: 'Tessera project', extensions: ['json'] }],
          properties: ['openFile'],
        },
      },
    ]);
  });

  it('saves and exports with the save dialog (a .ts filter for exports); cancel is undefined', async () => {
    const saved = fakeDialog({ canceled: false, filePath: '/d/m.ts' });
    expect(await electronFileChooser(saved.dialog, () => win)('export', '/p/m.ts')).toBe('/d/m.ts');
    expect(saved.shown[0]?.kind).toBe('save');
    expect(saved.shown[0]?.options.filters).toEqual([
      { name: 'TypeScript program', extensions: ['ts'] },
    ]);
    const cancelled = fakeDialog({ canceled: true });
    expect(await electronFileChooser(cancelled.dialog, () => win)('save', '/p/a.json')).toBe(
      undefined,
    );
    expect(await electronFileChooser(cancelled.dialog, () => win)('open', '/p')).toBe(undefined);
  });
});
