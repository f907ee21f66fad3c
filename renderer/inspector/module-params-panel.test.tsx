// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, within } from '@testing-library/react';
import type { DocNode, TesseraDocument } from '../../core/document/document.types';
import { loadBlockDoc, mountInspector } from './testing/mount-inspector';

afterEach(cleanup);

const instance = (id: string, params: Record<string, unknown>): DocNode => ({
  id,
  type: 'module/instance',
  typeVersion: 1,
  params: { module: 'resblock', weights: 'copy', emaDecay: 0.999, ...params } as never,
  position: { x: 0, y: 0 },
});

/** The residual block with one instance (width 32) at the top level, the canvas inside the module. */
const insideResblock = () => {
  const doc: TesseraDocument = loadBlockDoc('residual-conv-block');
  doc.nodes.block = instance('block', { width: 32, groups: 4 });
  const m = mountInspector(doc);
  act(() => m.store.enter('resblock'));
  return m;
};

const panel = (container: HTMLElement) =>
  within(container.querySelector('[data-testid=module-params]') as HTMLElement);

describe('Module params in the inspector (inside a module, nothing selected)', () => {
  it('lists the declared params and adds one after inline name checks; one undo removes it', () => {
    const { store, container, getByText } = insideResblock();
    const p = panel(container);
    expect(
      [...container.querySelectorAll('[data-module-param]')].map((li) =>
        li.getAttribute('data-module-param'),
      ),
    ).toEqual(['width', 'groups']);
    expect(container.textContent).toContain('width int = 64 1 … 4096');

    fireEvent.click(getByText('+ Add param'));
    const name = p.getByLabelText('Name');
    const add = p.getByText('Add param');
    const tryName = (v: string) => {
      fireEvent.change(name, { target: { value: v } });
      fireEvent.click(add);
      return container.querySelector('.param-error')?.textContent;
    };
    expect(tryName('width')).toBe(
      'The module already has a param "width"; choose another name or edit that one.',
    );
    expect(tryName('weights')).toBe(
      '"weights" is a param of Module Instance itself; choose another name (e.g. weights2).',
    );
    expect(tryName('2x')).toMatch(/start with a letter/);
    expect(store.doc.modules.resblock!.params).not.toHaveProperty('depth');

    fireEvent.change(name, { target: { value: 'depth' } });
    fireEvent.change(p.getByLabelText('Default'), { target: { value: '0' } });
    fireEvent.change(p.getByLabelText('Max'), { target: { value: '8' } });
    fireEvent.click(add);
    expect(container.querySelector('.param-error')?.textContent).toBe(
      'the default is 0; set it between 1 and 8.',
    );
    fireEvent.change(p.getByLabelText('Default'), { target: { value: '2' } });
    fireEvent.change(p.getByLabelText('Doc'), { target: { value: 'Residual layers.' } });
    fireEvent.click(add);
    expect(store.doc.modules.resblock!.params.depth).toEqual({
      kind: 'int',
      default: 2,
      min: 1,
      max: 8,
      doc: 'Residual layers.',
    });
    expect(store.getSnapshot().undoLabel).toBe('Add param depth');
    expect(container.textContent).toContain('depth int = 2 1 … 8');

    act(() => store.undo());
    expect(store.doc.modules.resblock!.params).not.toHaveProperty('depth');
    expect(store.getSnapshot().canUndo).toBe(false);
  });

  it('adds an enum param with its options', () => {
    const { store, container, getByText } = insideResblock();
    const p = panel(container);
    fireEvent.click(getByText('+ Add param'));
    fireEvent.change(p.getByLabelText('Name'), { target: { value: 'mode' } });
    fireEvent.change(p.getByLabelText('Kind'), { target: { value: 'enum' } });
    fireEvent.change(p.getByLabelText('Default'), { target: { value: '' } });
    fireEvent.click(p.getByText('Add param'));
    expect(container.querySelector('.param-error')?.textContent).toMatch(/needs options/);
    fireEvent.change(p.getByLabelText('Options'), { target: { value: 'nearest, bilinear' } });
    fireEvent.click(p.getByText('Add param'));
    expect(store.doc.modules.resblock!.params.mode).toEqual({
      kind: 'enum',
      default: 'nearest',
      options: ['nearest', 'bilinear'],
    });
  });

  it('renames a param: inner references and instance values follow; one undo restores all', () => {
    const { store, container, getByLabelText } = insideResblock();
    fireEvent.click(getByLabelText('Edit param width'));
    const p = panel(container);
    fireEvent.change(p.getByLabelText('Name'), { target: { value: 'channels' } });
    fireEvent.change(p.getByLabelText('Default'), { target: { value: '48' } });
    fireEvent.click(p.getByText('Save'));
    const m = store.doc.modules.resblock!;
    expect(Object.keys(m.params)).toEqual(['channels', 'groups']);
    expect(m.params.channels!.default).toBe(48);
    expect(m.nodes.conv1!.params.filters).toBe('=channels');
    expect(store.doc.nodes.block!.params).toMatchObject({ channels: 32, groups: 4 });
    expect(store.doc.nodes.block!.params).not.toHaveProperty('width');
    act(() => store.undo());
    expect(Object.keys(store.doc.modules.resblock!.params)).toEqual(['width', 'groups']);
    expect(store.doc.modules.resblock!.nodes.conv1!.params.filters).toBe('=width');
    expect(store.doc.nodes.block!.params.width).toBe(32);
  });

  it('removes a param: linked fields keep their default value, instances drop theirs; undo restores', () => {
    const { store, getByLabelText } = insideResblock();
    fireEvent.click(getByLabelText('Remove param groups'));
    const m = store.doc.modules.resblock!;
    expect(m.params).not.toHaveProperty('groups');
    expect(m.nodes.norm1!.params.groups).toBe(8);
    expect(store.doc.nodes.block!.params).not.toHaveProperty('groups');
    act(() => store.undo());
    expect(store.doc.modules.resblock!.nodes.norm1!.params.groups).toBe('=groups');
    expect(store.doc.nodes.block!.params.groups).toBe(4);
  });
});
