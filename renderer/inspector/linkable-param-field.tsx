// A param field inside a module: a plain field with a "link" menu (= width, = expression…), or,
// when linked, the expression, what it gives with the module's defaults, and Unlink.
import { useEffect, useState } from 'react';
import type { ModuleParamDecl } from '../../core/document/document.types';
import { isParamExpression } from '../../core/modules/param-expression';
import type { ParamValue } from '../../core/node-contract/param-spec';
import { ParamField, type ParamFieldProps } from './param-field';
import { formatParamValue, parseParamInput } from './param-input';
import { resolveLink } from './param-link';

export interface LinkableParamFieldProps extends ParamFieldProps {
  /** The enclosing module's declared params; undefined outside a module (no linking offered). */
  moduleParams?: Readonly<Record<string, ModuleParamDecl>>;
}

const EXPRESSION = '__expression__';

export const LinkableParamField = (props: LinkableParamFieldProps) => {
  const { name, spec, value, moduleParams, onChange, onCommit } = props;
  const names = Object.keys(moduleParams ?? {});
  if (!moduleParams || (names.length === 0 && !isParamExpression(value)))
    return <ParamField {...props} />;
  if (isParamExpression(value))
    return <LinkedField {...props} value={value} moduleParams={moduleParams} />;
  return (
    <div className="param-linkable">
      <ParamField {...props} />
      <select
        className="param-link"
        aria-label={`Link ${spec.label ?? name} to a module param`}
        value=""
        onChange={(e) => {
          const choice = e.target.value;
          if (choice === '') return;
          onChange(`=${choice === EXPRESSION ? names[0] : choice}`);
          onCommit();
        }}
      >
        <option value="">= link…</option>
        {names.map((n) => (
          <option key={n} value={n}>
            = {n}
          </option>
        ))}
        <option value={EXPRESSION}>= expression…</option>
      </select>
    </div>
  );
};

const LinkedField = ({
  name,
  spec,
  value,
  moduleParams,
  onChange,
  onCommit,
}: LinkableParamFieldProps & {
  value: string;
  moduleParams: Readonly<Record<string, ModuleParamDecl>>;
}) => {
  const [text, setText] = useState(value);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    setText(value);
    setError(undefined);
  }, [value]);
  const resolved = resolveLink(name, spec, value, moduleParams);
  const apply = (raw: string) => {
    if (isParamExpression(raw)) {
      const r = resolveLink(name, spec, raw, moduleParams);
      if (r.ok) {
        setError(undefined);
        onChange(raw.trim());
      } else setError(r.error);
      return;
    }
    // Plain text is a plain value: typing one unlinks the field.
    const p = parseParamInput(name, spec, raw);
    if (p.ok) {
      setError(undefined);
      onChange(p.value);
    } else setError(`${p.error} Or start with = to refer to a module param (e.g. =width).`);
  };
  const unlinked: ParamValue = resolved.ok ? resolved.value : spec.default;
  const label = spec.label ?? name;
  const id = `param-${name}`;
  return (
    <div className={`param linked${error ? ' invalid' : ''}`} data-param={name}>
      <label htmlFor={id} title={spec.doc}>
        {label} <span className="range">linked</span>
      </label>
      <input
        id={id}
        type="text"
        className="mono"
        value={text}
        aria-invalid={error !== undefined}
        onChange={(e) => {
          setText(e.target.value);
          apply(e.target.value);
        }}
        onBlur={onCommit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
        }}
      />
      <button
        type="button"
        onClick={() => {
          onChange(Array.isArray(unlinked) ? [...(unlinked as number[])] : unlinked);
          onCommit();
        }}
        title="Replace the link by the value it has with the module's defaults"
      >
        Unlink
      </button>
      {error ? (
        <div className="param-error">{error}</div>
      ) : resolved.ok ? (
        <div className="param-doc" data-testid={`resolved-${name}`}>
          = {formatParamValue(resolved.value)} with the module&apos;s defaults
        </div>
      ) : (
        <div className="param-error">{resolved.error}</div>
      )}
    </div>
  );
};
