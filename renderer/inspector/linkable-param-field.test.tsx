// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent } from '@testing-library/react';
import type { DocNode, TesseraDocument } from '../../core/document/document.types';
import { loadBlockDoc, mountInspector } from './testing/mount-inspector';

afterEach(cleanup);

const conv: DocNode = {
  id: 'conv',
  type: 'layers/conv2d',
  typeVersion: 1,
  params: { filters: 16, kernel: 3 },
  position: { x: 0, y: 0 },
};

const selectIn = (doc: TesseraDocument, scope: string, id: string) => {
  const m = mountInspector(doc);
  act(() => {
    if (scope !== '') m.store.enter(scope);
    m.store.select([id]);
  });
  return m;
};

const field = (container: HTMLElement, name: string) =>
  container.querySelector(`[data-param=${name}] input`) as HTMLInputElement;

describe('linking a node param to a module param', () => {
  it('shows a linked field with its expression and the value for the defaults; edits and unlinks are undoable', () => {
    const { store, container, getByTestId, getByText } = selectIn(
      loadBlockDoc('residual-conv-block'),
      'resblock',
      'conv1',
    );
    const filters = () => store.doc.modules.resblock!.nodes.conv1!.params.filters;
    expect(field(container, 'filters').value).toBe('=width');
    expect(getByTestId('resolved-filters').textContent).toBe("= 64 with the module's defaults");

    fireEvent.change(field(container, 'filters'), { target: { value: '=width * 2' } });
    expect(filters()).toBe('=width * 2');
    expect(getByTestId('resolved-filters').textContent).toBe("= 128 with the module's defaults");
    fireEvent.blur(field(container, 'filters'));

    // A name the module does not declare is refused inline, naming the params it has.
    fireEvent.change(field(container, 'filters'), { target: { value: '=depth' } });
    expect(filters()).toBe('=width * 2');
    expect(container.querySelector('[data-param=filters] .param-error')?.textContent).toBe(
      '"depth" is not a param of this module (it has width, groups) in "=depth".',
    );
    // A value out of the field's own range is refused too.
    fireEvent.change(field(container, 'filters'), { target: { value: '=width * 1000' } });
    expect(container.querySelector('[data-param=filters] .param-error')?.textContent).toBe(
      "With the module's defaults =width * 1000 gives 64000: filters is 64000; set it between 1 and 8192.",
    );
    expect(filters()).toBe('=width * 2');

    fireEvent.click(getByText('Unlink'));
    expect(filters()).toBe(128);
    expect(field(container, 'filters').value).toBe('128');

    act(() => store.undo());
    expect(filters()).toBe('=width * 2');
    act(() => store.undo());
    expect(filters()).toBe('=width');
  });

  it('links a plain field from the menu; undo brings the plain value back', () => {
    const { store, getByLabelText } = selectIn(
      loadBlockDoc('residual-conv-block'),
      'resblock',
      'conv1',
    );
    const menu = getByLabelText('Link kernel to a module param') as HTMLSelectElement;
    expect([...menu.options].map((o) => o.textContent)).toEqual([
      '= link…',
      '= width',
      '= groups',
      '= expression…',
    ]);
    fireEvent.change(menu, { target: { value: 'groups' } });
    expect(store.doc.modules.resblock!.nodes.conv1!.params.kernel).toBe('=groups');
    act(() => store.undo());
    expect(store.doc.modules.resblock!.nodes.conv1!.params.kernel).toBe(3);
  });

  it('offers no linking at the top level, and plain fields still edit plain values', () => {
    const doc = loadBlockDoc('residual-conv-block');
    doc.nodes.conv = structuredClone(conv);
    const { store, container, queryByLabelText } = selectIn(doc, '', 'conv');
    expect(queryByLabelText('Link filters to a module param')).toBeNull();
    expect(container.querySelector('.param-link')).toBeNull();
    fireEvent.change(field(container, 'filters'), { target: { value: '=width' } });
    expect(store.doc.nodes.conv!.params.filters).toBe(16);
    fireEvent.change(field(container, 'filters'), { target: { value: '24' } });
    expect(store.doc.nodes.conv!.params.filters).toBe(24);
  });
});
