// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent } from '@testing-library/react';
import type { DocNode, TesseraDocument } from '../../core/document/document.types';
import { loadBlockDoc, mountInspector } from './testing/mount-inspector';

afterEach(cleanup);

const node = (id: string, type: string, params: Record<string, unknown>): DocNode => ({
  id,
  type,
  typeVersion: 1,
  params: params as never,
  position: { x: 0, y: 0 },
});
const instanceOf = (id: string, module: string, params: Record<string, unknown> = {}) =>
  node(id, 'module/instance', { module, weights: 'copy', emaDecay: 0.999, ...params });

const mountSelected = (doc: TesseraDocument, id: string, scope = '') => {
  const m = mountInspector(doc);
  act(() => {
    if (scope !== '') m.store.enter(scope);
    m.store.select([id]);
  });
  return m;
};
const form = (c: HTMLElement) => c.querySelector('[data-testid=instance-params]') as HTMLElement;
const input = (c: HTMLElement, name: string) =>
  form(c).querySelector(`[data-param=${name}] input, [data-param=${name}] select`) as
    HTMLInputElement | HTMLSelectElement;

describe("a Module Instance's form of its module's params", () => {
  it('shows defaults, sets a value on the instance as one undoable step, and resets it', () => {
    const doc = loadBlockDoc('transformer-block');
    doc.nodes.tb = instanceOf('tb', 'transformer-block', { heads: 8 });
    const { store, container, getByLabelText } = mountSelected(doc, 'tb');
    expect(input(container, 'width').value).toBe('64');
    expect(input(container, 'heads').value).toBe('8');
    expect(form(container).textContent).toContain('1 … 64'); // heads' range hint
    expect((input(container, 'causal') as HTMLInputElement).type).toBe('checkbox');

    fireEvent.change(input(container, 'width'), { target: { value: '0' } });
    expect(store.doc.nodes.tb!.params).not.toHaveProperty('width');
    expect(form(container).textContent).toContain('width is 0; set it between 1 and 4096.');
    fireEvent.change(input(container, 'width'), { target: { value: '1' } });
    fireEvent.change(input(container, 'width'), { target: { value: '128' } });
    fireEvent.blur(input(container, 'width'));
    expect(store.doc.nodes.tb!.params.width).toBe(128);
    fireEvent.click(input(container, 'causal'));
    expect(store.doc.nodes.tb!.params.causal).toBe(true);

    act(() => store.undo());
    expect(store.doc.nodes.tb!.params).not.toHaveProperty('causal');
    act(() => store.undo()); // typing 1, 128 in one field is one step
    expect(store.doc.nodes.tb!.params).not.toHaveProperty('width');

    fireEvent.click(getByLabelText('Reset heads to the default'));
    expect(store.doc.nodes.tb!.params).not.toHaveProperty('heads');
    expect(input(container, 'heads').value).toBe('4');
    act(() => store.undo());
    expect(store.doc.nodes.tb!.params.heads).toBe(8);
  });

  it('renders an enum module param as a select', () => {
    const doc = loadBlockDoc('residual-conv-block');
    doc.modules.resblock!.params.mode = {
      kind: 'enum',
      default: 'a',
      options: ['a', 'b'],
    };
    doc.nodes.rb = instanceOf('rb', 'resblock');
    const { store, container } = mountSelected(doc, 'rb');
    const select = input(container, 'mode') as HTMLSelectElement;
    expect(select.tagName).toBe('SELECT');
    fireEvent.change(select, { target: { value: 'b' } });
    expect(store.doc.nodes.rb!.params.mode).toBe('b');
  });

  it("inside a module, links an instance's value to the enclosing module's params", () => {
    const doc = loadBlockDoc('residual-conv-block');
    doc.modules.outer = {
      id: 'outer',
      name: 'Outer',
      params: { w: { kind: 'int', default: 24, min: 1 } },
      nodes: { inner: instanceOf('inner', 'resblock') },
      edges: {},
    };
    const { store, container, getByLabelText, getByTestId } = mountSelected(doc, 'inner', 'outer');
    fireEvent.change(getByLabelText('Link width to a module param'), { target: { value: 'w' } });
    expect(store.doc.modules.outer!.nodes.inner!.params.width).toBe('=w');
    expect(getByTestId('resolved-width').textContent).toBe("= 24 with the module's defaults");
    fireEvent.change(input(container, 'width'), { target: { value: '=w // 2' } });
    expect(store.doc.modules.outer!.nodes.inner!.params.width).toBe('=w // 2');
    act(() => store.undo());
    act(() => store.undo());
    expect(store.doc.modules.outer!.nodes.inner!.params).not.toHaveProperty('width');
  });
});
