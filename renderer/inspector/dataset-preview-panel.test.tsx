// @vitest-environment jsdom
// The inspector's dataset preview over a stand-in bridge: a selected dataset node asks
// datasets:preview for its params and shows each sample with its class name, the split's sizes
// and the loader's notes; Choose folder… sets the folder the main side chose; a text file shows
// its first characters; a node that is no dataset shows none.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Bridge } from '../../core/ipc/contract';
import type { ParamValues } from '../../core/node-contract/param-spec';
import type { TesseraDocument } from '../../core/document/document.types';
import { nodeRegistry } from '../../nodes/registry';
import convAutoencoder from '../../templates/conv-autoencoder.json';
import { EditorContext, type Editor } from '../app/editor-context';
import { compileView } from '../model/compile-view';
import { DocumentStore } from '../store/document-store';
import { Inspector } from './inspector';
import { useStoreSnapshot } from '../app/editor-context';

afterEach(cleanup);

// A 1 x 1 PNG (base64), enough for an <img>.
const PIXEL =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==';

const mount = (
  doc: TesseraDocument,
  select: string,
  invoke: (c: string, p: unknown) => unknown,
) => {
  const store = new DocumentStore(doc);
  store.select([select]);
  const bridge = {
    invoke: vi.fn(async (c: string, p: unknown) => invoke(c, p)),
    on: () => () => undefined,
  };
  const Harness = () => {
    const snap = useStoreSnapshot(store);
    const view = compileView(snap.doc, nodeRegistry, { datasets: {} }, snap.scope);
    const editor = {
      store,
      bridge: bridge as unknown as Bridge,
      registry: nodeRegistry,
      env: { datasets: {} },
      view,
      engine: { shell: 'web' },
      toast: () => undefined,
      focusNode: () => undefined,
    } as unknown as Editor;
    return (
      <EditorContext.Provider value={editor}>
        <Inspector />
      </EditorContext.Provider>
    );
  };
  render(<Harness />);
  return { store, bridge };
};

const withDataNode = (type: string, params: ParamValues): TesseraDocument => {
  const doc = structuredClone(convAutoencoder) as unknown as TesseraDocument;
  doc.nodes.data = { ...doc.nodes.data!, type, params };
  return doc;
};

describe('dataset preview in the inspector', () => {
  it('shows each sample of the selected dataset with its class name, the sizes and the notes', async () => {
    const samples = ['cat', 'dog', 'cat', 'dog'].map((className, i) => ({
      label: i % 2,
      className,
      pngBase64: PIXEL,
    }));
    const { bridge } = mount(
      withDataNode('data/image-folder', { folder: '/data/pets' }),
      'data',
      (c) =>
        c === 'datasets:preview'
          ? {
              preview: {
                kind: 'images',
                height: 32,
                width: 32,
                channels: 3,
                classNames: ['cat', 'dog'],
                trainCount: 1800,
                validationCount: 200,
                samples,
                notes: ['Skipped 1 of 2001 image files that could not be read: cat/x.png (...)'],
              },
              diagnostics: [
                {
                  severity: 'warning',
                  source: 'dataset',
                  message: 'Image Folder (data): Skipped 1 of 2001 image files',
                },
              ],
            }
          : undefined,
    );
    const tiles = await screen.findAllByTestId('dataset-sample');
    expect(tiles.map((t) => t.textContent)).toEqual(['cat', 'dog', 'cat', 'dog']);
    expect(tiles[0]!.querySelector('img')!.getAttribute('alt')).toBe('cat (label 0)');
    expect(screen.getByTestId('dataset-preview-summary').textContent).toBe(
      '2 classes · 1,800 training / 200 held-out images · 32 x 32 x 3',
    );
    expect(screen.getByTestId('dataset-preview-problems').textContent).toMatch(/Skipped 1 of 2001/);
    expect(bridge.invoke).toHaveBeenCalledWith('datasets:preview', {
      type: 'data/image-folder',
      params: { folder: '/data/pets' },
      nodeId: 'data',
    });
  });

  it('Choose folder… asks the main side and sets the folder it chose', async () => {
    const { store, bridge } = mount(
      withDataNode('data/image-folder', { folder: '/typed/pets' }),
      'data',
      (c) =>
        c === 'datasets:choose' ? { path: '/real/pets', diagnostics: [] } : { diagnostics: [] },
    );
    fireEvent.click(await screen.findByText('Choose folder…'));
    await waitFor(() =>
      expect(store.getSnapshot().doc.nodes.data!.params.folder).toBe('/real/pets'),
    );
    expect(bridge.invoke).toHaveBeenCalledWith('datasets:choose', {
      kind: 'folder',
      path: '/typed/pets',
    });
  });

  it('shows the first characters of a text file, and nothing for a node that is no dataset', async () => {
    mount(withDataNode('data/text-file', { source: 'kjv' }), 'data', () => ({
      preview: {
        kind: 'text',
        tokens: 'characters',
        vocabSize: 73,
        excerpt: 'In the beginning God created the heaven and the earth.',
        trainTokens: 3_600_000,
        validationTokens: 400_000,
      },
      diagnostics: [],
    }));
    expect((await screen.findByTestId('dataset-preview-text')).textContent).toMatch(
      /^In the beginning God/,
    );
    expect(screen.getByTestId('dataset-preview-summary').textContent).toBe(
      'V = 73 (characters) · 3,600,000 training / 400,000 held-out characters',
    );
    cleanup();
    const { bridge } = mount(withDataNode('data/mnist', {}), 'enc1', () => ({ diagnostics: [] }));
    await act(async () => new Promise((r) => setTimeout(r, 500)));
    expect(screen.queryByTestId('dataset-preview')).toBeNull();
    expect(bridge.invoke).not.toHaveBeenCalled();
  });
});
