// @vitest-environment jsdom
// Open / Save As / Save export in both shells: the web shell's in-app dialog asks the main side
// to grant what the user typed (files:choose) before saving; in Electron the main process's own
// dialog is asked straight away and the in-app form never shows. Refusals and failed saves are
// shown as errors with the main side's message.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, waitFor } from '@testing-library/react';
import { createEmptyDocument } from '../../core/document/create-empty-document';
import type { Bridge, FileChoice, SaveResult } from '../../core/ipc/contract';
import { nodeRegistry } from '../../nodes/registry';
import { EditorContext, type Editor } from '../app/editor-context';
import { ExportDialog } from '../code/export-dialog';
import { DocumentStore } from '../store/document-store';
import { chooseFile } from './choose-file';
import { FileDialog } from './file-dialog';
import { saveProject } from './file-actions';

afterEach(cleanup);

const dir = '/home/u/Documents/Tessera';
type Answers = { choose?: (p: unknown) => FileChoice; save?: (p: unknown) => SaveResult };

const mount = (shell: 'web' | 'electron', answers: Answers, mode: 'open' | 'save' = 'save') => {
  const store = new DocumentStore(createEmptyDocument('My Model'));
  const toast = vi.fn();
  const onClose = vi.fn();
  const calls: [string, unknown][] = [];
  const bridge = {
    invoke: vi.fn(async (c: string, p: unknown) => {
      calls.push([c, p]);
      if (c === 'project:list') return { dir, files: [] };
      if (c === 'project:recent') return [];
      if (c === 'files:choose') return answers.choose!(p);
      if (c === 'project:save') return answers.save!(p);
      if (c === 'project:open')
        return { path: p, content: createEmptyDocument('Opened'), diagnostics: [] };
      throw new Error(`unexpected ${c}`);
    }),
    on: () => () => undefined,
  } as unknown as Bridge;
  const editor = {
    store,
    bridge,
    registry: nodeRegistry,
    toast,
    engine: { shell, appVersion: 't', env: { datasets: {} } },
  } as unknown as Editor;
  const view = render(
    <EditorContext.Provider value={editor}>
      <FileDialog mode={mode} onClose={onClose} />
    </EditorContext.Provider>,
  );
  return { store, toast, onClose, calls, ...view };
};

const refusal = (message: string): { diagnostics: FileChoice['diagnostics'] } => ({
  diagnostics: [{ severity: 'error', source: 'file', message }],
});

describe('Save As in the web shell', () => {
  it('asks the main side to grant the typed path, then saves there', async () => {
    const target = '/data/elsewhere/m.tessera.json';
    const m = mount('web', {
      choose: () => ({ path: target, diagnostics: [] }),
      save: (p) => ({ path: (p as { path: string }).path, diagnostics: [] }),
    });
    const input = m.getByLabelText('File path') as HTMLInputElement;
    await waitFor(() => expect(input.value).toBe(`${dir}/my-model.tessera.json`));
    fireEvent.change(input, { target: { value: target } });
    fireEvent.submit(input.closest('form')!);
    await waitFor(() => expect(m.onClose).toHaveBeenCalled());
    expect(m.calls.filter(([c]) => c === 'files:choose' || c === 'project:save')).toEqual([
      ['files:choose', { action: 'save', path: target }],
      ['project:save', { path: target, document: m.store.doc }],
    ]);
    expect(m.store.getSnapshot().path).toBe(target);
    expect(m.toast).not.toHaveBeenCalled();
  });

  it('shows the refusal and does not save', async () => {
    const m = mount('web', {
      choose: () => refusal("Refusing /x/../y.tessera.json: paths with '..' segments are not used"),
      save: () => ({ diagnostics: [] }),
    });
    const input = m.getByLabelText('File path');
    fireEvent.change(input, { target: { value: '/x/../y.tessera.json' } });
    fireEvent.submit(input.closest('form')!);
    await waitFor(() => expect(m.toast).toHaveBeenCalled());
    expect(m.toast).toHaveBeenCalledWith(expect.stringContaining("'..' segments"), 'error');
    expect(m.calls.some(([c]) => c === 'project:save')).toBe(false);
    expect(m.onClose).not.toHaveBeenCalled();
  });

  it('shows a full disk as an error naming the file and the fix; the project stays unsaved', async () => {
    const target = `${dir}/my-model.tessera.json`;
    const message = `Could not save ${target}: the disk is full. The file on disk is unchanged. To fix it, free some space on that disk and save again, or choose a folder on another disk (Save As…).`;
    const m = mount('web', {
      choose: () => ({ path: target, diagnostics: [] }),
      save: () => refusal(message),
    });
    const input = m.getByLabelText('File path') as HTMLInputElement;
    await waitFor(() => expect(input.value).toBe(target));
    fireEvent.submit(input.closest('form')!);
    await waitFor(() => expect(m.toast).toHaveBeenCalledWith(message, 'error'));
    expect(m.store.getSnapshot().path).toBeUndefined();
    expect(m.onClose).not.toHaveBeenCalled();
  });
});

describe('Open and Save As in Electron', () => {
  it('opens with the main process’s dialog at once, without the in-app form', async () => {
    const picked = '/data/p.tessera.json';
    const m = mount('electron', { choose: () => ({ path: picked, diagnostics: [] }) }, 'open');
    await waitFor(() => expect(m.onClose).toHaveBeenCalled());
    expect(m.queryByLabelText('File path')).toBeNull();
    expect(m.calls).toEqual([
      ['files:choose', { action: 'open' }],
      ['project:open', picked],
    ]);
    expect(m.store.doc.name).toBe('Opened');
  });

  it('does nothing when the dialog is cancelled', async () => {
    const m = mount('electron', { choose: () => ({ cancelled: true, diagnostics: [] }) });
    await waitFor(() => expect(m.onClose).toHaveBeenCalled());
    expect(m.calls).toEqual([['files:choose', { action: 'save', path: 'my-model.tessera.json' }]]);
    expect(m.toast).not.toHaveBeenCalled();
  });

  it('exports with the main process’s save dialog, starting at <name>.ts', async () => {
    const store = new DocumentStore(createEmptyDocument('VQ-VAE'));
    const calls: [string, unknown][] = [];
    const onDone = vi.fn();
    const bridge = {
      invoke: vi.fn(async (c: string, p: unknown) => {
        calls.push([c, p]);
        if (c === 'project:list') return { dir, files: [] };
        if (c === 'files:choose') return { path: '/data/out/vq-vae.ts', diagnostics: [] };
        return { path: '/data/out/vq-vae.ts', files: 3, diagnostics: [] };
      }),
      on: () => () => undefined,
    } as unknown as Bridge;
    const editor = { store, bridge, toast: vi.fn(), engine: { shell: 'electron' } };
    render(
      <EditorContext.Provider value={editor as unknown as Editor}>
        <ExportDialog onDone={onDone} onClose={() => undefined} />
      </EditorContext.Provider>,
    );
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls.filter(([c]) => c !== 'project:list')).toEqual([
      ['files:choose', { action: 'export', path: 'vq-vae.ts' }],
      ['code:saveExport', { document: store.doc, path: '/data/out/vq-vae.ts' }],
    ]);
    expect(onDone).toHaveBeenCalledWith({ path: '/data/out/vq-vae.ts', files: 3, diagnostics: [] });
  });
});

describe('chooseFile and saveProject', () => {
  it('reject with the main side’s message; a cancelled choice is undefined', async () => {
    const bridge = (answer: unknown) =>
      ({ invoke: async () => answer, on: () => () => undefined }) as unknown as Bridge;
    await expect(chooseFile(bridge({ cancelled: true, diagnostics: [] }), 'open')).resolves.toBe(
      undefined,
    );
    await expect(
      chooseFile(bridge(refusal('Refusing to open /x.json: outside')), 'open', '/x.json'),
    ).rejects.toThrow('Refusing to open /x.json: outside');
    const store = new DocumentStore(createEmptyDocument('a'));
    await expect(
      saveProject(
        bridge(refusal('Could not save /p/a.tessera.json: permission was denied.')),
        store,
        '/p/a.tessera.json',
      ),
    ).rejects.toThrow('Could not save /p/a.tessera.json: permission was denied.');
    expect(store.getSnapshot().path).toBeUndefined();
  });
});
