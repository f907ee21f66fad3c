// One param of the inspector form, generated from its spec.
import { useEffect, useState } from 'react';
import type { ParamSpec, ParamValue } from '../../core/node-contract/param-spec';
import { formatParamValue, parseParamInput, rangeHint } from './param-input';

export interface ParamFieldProps {
  name: string;
  spec: ParamSpec;
  value: ParamValue | undefined;
  onChange(value: ParamValue): void;
  /** Ends the current edit (blur): the next change is a new undo step. */
  onCommit(): void;
}

export const ParamField = ({ name, spec, value, onChange, onCommit }: ParamFieldProps) => {
  const [text, setText] = useState(formatParamValue(value));
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    setText(formatParamValue(value));
    setError(undefined);
  }, [value]);

  const apply = (raw: string | boolean) => {
    const r = parseParamInput(name, spec, raw);
    if (r.ok) {
      setError(undefined);
      onChange(r.value);
    } else setError(r.error);
  };
  const label = spec.label ?? name;
  const id = `param-${name}`;
  let control;
  if (spec.kind === 'bool')
    control = (
      <input
        id={id}
        type="checkbox"
        checked={value === true}
        onChange={(e) => apply(e.target.checked)}
      />
    );
  else if (spec.kind === 'enum')
    control = (
      <select id={id} value={String(value)} onChange={(e) => apply(e.target.value)}>
        {spec.options.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    );
  else {
    const numeric = spec.kind === 'int' || spec.kind === 'float';
    control = (
      <input
        id={id}
        type="text"
        inputMode={numeric ? 'decimal' : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          apply(e.target.value);
        }}
        onBlur={onCommit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
        }}
        aria-invalid={error !== undefined}
      />
    );
  }
  return (
    <div className={`param${error ? ' invalid' : ''}`} data-param={name}>
      <label htmlFor={id} title={spec.doc}>
        {label}
        {rangeHint(spec) && <span className="range">{rangeHint(spec)}</span>}
      </label>
      {control}
      {error ? (
        <div className="param-error">{error}</div>
      ) : (
        <div className="param-doc">{spec.doc}</div>
      )}
    </div>
  );
};
