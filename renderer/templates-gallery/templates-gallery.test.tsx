// @vitest-environment jsdom
// The gallery over a stand-in bridge answering as the main side does (summaries built from the
// real template files; a small PNG as the results image).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, waitFor, within } from '@testing-library/react';
import { createEmptyDocument } from '../../core/document/create-empty-document';
import type { Bridge, TemplateResults, TemplateSummary } from '../../core/ipc/contract';
import type { ShapeEnv } from '../../core/node-contract/node-definition';
import { templateCounts, templateOutline } from '../../core/templates/template-outline';
import { nodeRegistry } from '../../nodes/registry';
import convAutoencoder from '../../templates/conv-autoencoder.json';
import dcgan from '../../templates/dcgan.json';
import { EditorContext, type Editor } from '../app/editor-context';
import { DocumentStore } from '../store/document-store';
import { TemplatesGallery } from './templates-gallery';

afterEach(cleanup);

const env: ShapeEnv = {
  datasets: { mnist: { available: true, height: 28, width: 28, channels: 1, classes: 10 } },
};
// A 1x1 PNG.
const png =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const files: Record<string, { name: string; description: string }> = {
  dcgan,
  'conv-autoencoder': convAutoencoder,
};
const summary = (id: string, family: string, hasResults: boolean): TemplateSummary => ({
  id,
  name: files[id]!.name,
  description: files[id]!.description,
  family,
  ...(id === 'dcgan'
    ? {
        paper: {
          citation: 'Radford, Metz & Chintala, DCGAN',
          url: 'https://arxiv.org/abs/1511.06434',
        },
      }
    : {}),
  outline: templateOutline(files[id]),
  ...templateCounts(files[id]),
  hasResults,
});
const list = [summary('dcgan', 'GAN', true), summary('conv-autoencoder', 'Autoencoder', false)];
const results: TemplateResults = {
  image: png,
  width: 466,
  height: 466,
  caption: 'Generated digits after training.',
  source: 'docs/results/gan-dcgan.png',
};

const mount = (confirm = true) => {
  const store = new DocumentStore(createEmptyDocument('Untitled'));
  const invoke = vi.fn(async (channel: string, id?: string) => {
    if (channel === 'templates:list') return list;
    if (channel === 'templates:results') return id === 'dcgan' ? results : null;
    if (channel === 'templates:get')
      return {
        path: `templates/${id}.json`,
        content: structuredClone(files[id!]),
        diagnostics: [],
      };
    throw new Error(`unexpected ${channel}`);
  });
  const bridge = { invoke, on: () => () => undefined } as unknown as Bridge;
  const editor = {
    store,
    bridge,
    registry: nodeRegistry,
    env,
    toast: vi.fn(),
  } as unknown as Editor;
  const view = render(
    <EditorContext.Provider value={editor}>
      <TemplatesGallery confirmDiscard={() => confirm} />
    </EditorContext.Provider>,
  );
  return { store, invoke, ...view };
};

const card = (c: HTMLElement, id: string) =>
  c.querySelector<HTMLElement>(`.template-card[data-template-id="${id}"]`)!;

describe('the templates gallery', () => {
  it('shows each card with its graph thumbnail, family, node count and a results image where one exists', async () => {
    const { container, invoke } = mount();
    await waitFor(() => expect(container.querySelectorAll('.template-card')).toHaveLength(2));
    const d = card(container, 'dcgan');
    expect(d.querySelector('.template-name')!.textContent).toBe('DCGAN (MNIST)');
    expect(d.querySelector('.template-meta')!.textContent).toBe('GAN · 30 nodes');
    const svg = d.querySelector('svg.graph-thumb')!;
    expect(svg.getAttribute('aria-label')).toBe('Graph of DCGAN (MNIST): 10 nodes, 8 edges');
    expect(svg.querySelectorAll('rect')).toHaveLength(Object.keys(dcgan.nodes).length);
    expect(svg.querySelectorAll('line')).toHaveLength(8);
    await waitFor(() => expect(d.querySelector('img.template-results-thumb')).not.toBeNull());
    const img = d.querySelector('img')!;
    expect(img.getAttribute('src')).toBe(png);
    expect(img.getAttribute('alt')).toBe(
      'Results of DCGAN (MNIST): Generated digits after training.',
    );
    // The description on the card is the whole text (CSS clamps it); hovering shows it all.
    expect(d.querySelector('.template-desc')!.textContent).toBe(dcgan.description);
    expect(d.getAttribute('title')).toContain(dcgan.description);
    // No results: no image element at all (never a broken one), and nothing asked for it.
    const ae = card(container, 'conv-autoencoder');
    expect(ae.querySelectorAll('img')).toHaveLength(0);
    expect(ae.querySelector('.template-thumbs')!.className).toBe('template-thumbs');
    expect(ae.querySelectorAll('svg rect')).toHaveLength(11);
    expect(invoke.mock.calls.filter((c) => c[0] === 'templates:results').map((c) => c[1])).toEqual([
      'dcgan',
    ]);
  });

  it('opens the details with the full description, paper link and counts; Escape closes it and returns focus', async () => {
    const { container, getByRole } = mount();
    await waitFor(() => expect(container.querySelectorAll('.template-card')).toHaveLength(2));
    const button = getByRole('button', { name: 'Details of DCGAN (MNIST)' });
    button.focus();
    fireEvent.click(button);
    const dialog = getByRole('dialog', { name: 'DCGAN (MNIST)' });
    expect(document.activeElement).toBe(dialog);
    expect(dialog.querySelector('.template-details-desc')!.textContent).toBe(dcgan.description);
    const link = within(dialog).getByRole('link', { name: 'Radford, Metz & Chintala, DCGAN' });
    expect(link.getAttribute('href')).toBe('https://arxiv.org/abs/1511.06434');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(within(dialog).getByText('GAN').className).toBe('template-family');
    const counts = within(dialog).getByTestId('template-counts');
    expect(counts.textContent).toMatch(/^10 nodes at the top level, 30 in all · 2 modules · /);
    await waitFor(() => expect(counts.textContent).toContain('at least 273,986 parameters'));
    await waitFor(() =>
      expect(dialog.querySelector('img.template-details-results')).not.toBeNull(),
    );
    expect(dialog.textContent).toContain('docs/results/gan-dcgan.png');
    // Keys inside the dialog never reach the studio's shortcuts (Delete would delete nodes).
    const onWindowKey = vi.fn();
    window.addEventListener('keydown', onWindowKey);
    fireEvent.keyDown(dialog, { key: 'Delete' });
    fireEvent.keyDown(dialog, { key: 'Escape' });
    window.removeEventListener('keydown', onWindowKey);
    expect(onWindowKey).not.toHaveBeenCalled();
    expect(document.querySelector('[role=dialog]')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('keeps Tab inside the dialog', async () => {
    const { container, getByRole } = mount();
    await waitFor(() => expect(container.querySelectorAll('.template-card')).toHaveLength(2));
    fireEvent.click(getByRole('button', { name: 'Details of DCGAN (MNIST)' }));
    const dialog = getByRole('dialog');
    const close = within(dialog).getByRole('button', { name: 'Close' });
    const link = within(dialog).getByRole('link');
    close.focus();
    fireEvent.keyDown(close, { key: 'Tab' });
    expect(document.activeElement).toBe(link);
    fireEvent.keyDown(link, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(close);
  });

  it('opens the template from the details as a new project, unless the user keeps their work', async () => {
    const kept = mount(false);
    await waitFor(() => expect(kept.container.querySelectorAll('.template-card')).toHaveLength(2));
    fireEvent.click(kept.getByRole('button', { name: 'Details of Conv autoencoder' }));
    fireEvent.click(
      within(kept.getByRole('dialog')).getByRole('button', { name: 'Open as new project' }),
    );
    expect(kept.store.doc.name).toBe('Untitled');
    expect(kept.getByRole('dialog')).toBeTruthy();
    kept.unmount();

    const { container, getByRole, store } = mount(true);
    await waitFor(() => expect(container.querySelectorAll('.template-card')).toHaveLength(2));
    fireEvent.click(getByRole('button', { name: 'Details of Conv autoencoder' }));
    const dialog = getByRole('dialog');
    // Without a results image the details show the graph alone.
    expect(dialog.querySelectorAll('img')).toHaveLength(0);
    expect(dialog.querySelectorAll('svg rect')).toHaveLength(11);
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Open as new project' }));
    });
    await waitFor(() => expect(store.doc.name).toBe('Conv autoencoder'));
    expect(Object.keys(store.doc.nodes)).toHaveLength(11);
    expect(document.querySelector('[role=dialog]')).toBeNull();
  });
});
