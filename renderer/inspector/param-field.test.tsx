// @vitest-environment jsdom
import { describe, it, expect, vi, afterEach } from 'vitest';
import { cleanup, fireEvent, render } from '@testing-library/react';
import type { ParamSpec } from '../../core/node-contract/param-spec';
import { ParamField } from './param-field';
import { parseParamInput, rangeHint } from './param-input';

afterEach(cleanup);

const channels: ParamSpec = {
  kind: 'int',
  default: 64,
  min: 1,
  max: 1024,
  doc: 'Output channels.',
};
const lr: ParamSpec = {
  kind: 'float',
  default: 1e-3,
  min: 1e-6,
  max: 1,
  log: true,
  doc: 'Learning rate.',
};
const widths: ParamSpec = {
  kind: 'intList',
  default: [32, 64],
  min: 1,
  max: 512,
  minLength: 1,
  maxLength: 4,
  doc: 'Widths.',
};
const algo: ParamSpec = {
  kind: 'enum',
  default: 'adam',
  options: ['adam', 'sgd'],
  doc: 'Algorithm.',
};

describe('param form: parsing and validation', () => {
  it('parses numbers, lists and checks ranges with the fix in the message', () => {
    expect(parseParamInput('channels', channels, '128')).toEqual({ ok: true, value: 128 });
    expect(parseParamInput('channels', channels, '0')).toEqual({
      ok: false,
      error: 'channels is 0; set it between 1 and 1024.',
    });
    expect(parseParamInput('channels', channels, '2.5')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/whole number/),
    });
    expect(parseParamInput('channels', channels, '')).toMatchObject({ ok: false });
    expect(parseParamInput('lr', lr, '3e-4')).toEqual({ ok: true, value: 3e-4 });
    expect(parseParamInput('widths', widths, '16, 32 64')).toEqual({
      ok: true,
      value: [16, 32, 64],
    });
    expect(parseParamInput('widths', widths, '16, 1000')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/contains 1000/),
    });
    expect(parseParamInput('widths', widths, '1,2,3,4,5')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/at most 4/),
    });
    expect(parseParamInput('algorithm', algo, 'adamw')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/choose one of adam, sgd/),
    });
    expect(rangeHint(channels)).toBe('1 … 1024');
  });

  it('renders a field from the spec: range hint, doc, and commits only valid values', () => {
    const onChange = vi.fn();
    const onCommit = vi.fn();
    const { container, getByLabelText } = render(
      <ParamField
        name="channels"
        spec={channels}
        value={64}
        onChange={onChange}
        onCommit={onCommit}
      />,
    );
    expect(container.textContent).toContain('1 … 1024');
    expect(container.textContent).toContain('Output channels.');
    const input = getByLabelText(/channels/) as HTMLInputElement;
    expect(input.value).toBe('64');
    fireEvent.change(input, { target: { value: '5000' } });
    expect(onChange).not.toHaveBeenCalled();
    expect(container.textContent).toContain('channels is 5000; set it between 1 and 1024.');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(input, { target: { value: '32' } });
    expect(onChange).toHaveBeenCalledWith(32);
    fireEvent.blur(input);
    expect(onCommit).toHaveBeenCalled();
  });

  it('renders enums as a select and bools as a checkbox', () => {
    const onChange = vi.fn();
    const { container } = render(
      <>
        <ParamField
          name="algorithm"
          spec={algo}
          value="adam"
          onChange={onChange}
          onCommit={() => undefined}
        />
        <ParamField
          name="ema"
          spec={{ kind: 'bool', default: false, doc: 'EMA.' }}
          value={false}
          onChange={onChange}
          onCommit={() => undefined}
        />
      </>,
    );
    const select = container.querySelector('select')!;
    expect([...select.options].map((o) => o.value)).toEqual(['adam', 'sgd']);
    fireEvent.change(select, { target: { value: 'sgd' } });
    expect(onChange).toHaveBeenLastCalledWith('sgd');
    fireEvent.click(container.querySelector('input[type=checkbox]')!);
    expect(onChange).toHaveBeenLastCalledWith(true);
  });
});
