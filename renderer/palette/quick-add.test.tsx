// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render } from '@testing-library/react';
import { createEmptyDocument } from '../../core/document/create-empty-document';
import { testNodes, testSource } from '../../core/graph/testing/fake-nodes';
import { createRegistry, type AnyNodeDefinition } from '../../core/node-contract/node-definition';
import { moduleNodes } from '../../nodes/module';
import { EditorContext, type Editor } from '../app/editor-context';
import { DocumentStore } from '../store/document-store';
import { QuickAdd } from './quick-add';

afterEach(cleanup);

const legacySource: AnyNodeDefinition = {
  ...testSource,
  id: 'test/old-source',
  title: 'Old Source',
  legacy: { replacement: 'test/source' },
};

const mount = () => {
  const store = new DocumentStore(createEmptyDocument('t'));
  const editor = {
    store,
    registry: createRegistry([...moduleNodes, ...testNodes, legacySource]),
  } as unknown as Editor;
  const view = render(
    <EditorContext.Provider value={editor}>
      <QuickAdd at={{ x: 10, y: 20, screenX: 0, screenY: 0 }} onClose={vi.fn()} />
    </EditorContext.Provider>,
  );
  const input = view.getByPlaceholderText('Add node…');
  const items = () => [...view.container.querySelectorAll('li')].map((li) => li.textContent ?? '');
  return { store, input, items };
};

describe('quick-add', () => {
  it('does not list a legacy node type; Enter adds its replacement', () => {
    const { store, input, items } = mount();
    fireEvent.change(input, { target: { value: 'source' } });
    expect(items()).toEqual(['Source data']);
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(Object.values(store.doc.nodes).map((n) => n.type)).toEqual(['test/source']);
    expect(Object.values(store.doc.nodes)[0]?.position).toEqual({ x: 10, y: 20 });
  });

  it('finds nothing for the legacy title', () => {
    const { input, items } = mount();
    fireEvent.change(input, { target: { value: 'old source' } });
    expect(items()).toEqual([]);
  });
});
