// Adding or editing one module param: name, kind, default, range or options, doc, with the
// first problem shown inline next to its field.
import { useState } from 'react';
import type { DocModule, ModuleParamDecl } from '../../core/document/document.types';
import {
  declKinds,
  parseDeclFields,
  type DeclFields,
  type DeclKind,
} from './module-param-decl-input';

export interface ModuleParamFormProps {
  module: DocModule;
  initial: DeclFields;
  /** The param being edited; absent when adding one. */
  current?: string;
  submitLabel: string;
  onSubmit(name: string, decl: ModuleParamDecl): void;
  onCancel(): void;
}

export const ModuleParamForm = ({
  module,
  initial,
  current,
  submitLabel,
  onSubmit,
  onCancel,
}: ModuleParamFormProps) => {
  const [f, setF] = useState<DeclFields>(initial);
  const [problem, setProblem] = useState<{ field: keyof DeclFields; error: string }>();
  const set = (k: keyof DeclFields, v: string) => {
    setF((prev) => ({ ...prev, [k]: v }));
    setProblem(undefined);
  };
  const submit = () => {
    const r = parseDeclFields(f, module, current);
    if (!r.ok) return setProblem({ field: r.field, error: r.error });
    onSubmit(r.name, r.decl);
  };
  const prefix = `mp-${current ?? 'new'}`;
  const text = (k: keyof DeclFields, label: string, placeholder = '') => (
    <div className={`param${problem?.field === k ? ' invalid' : ''}`}>
      <label htmlFor={`${prefix}-${k}`}>{label}</label>
      <input
        id={`${prefix}-${k}`}
        type="text"
        value={f[k]}
        placeholder={placeholder}
        aria-invalid={problem?.field === k}
        onChange={(e) => set(k, e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') submit();
        }}
      />
      {problem?.field === k && <div className="param-error">{problem.error}</div>}
    </div>
  );
  const numeric = f.kind === 'int' || f.kind === 'float';
  return (
    <div className="module-param-form" data-testid="module-param-form">
      {text('name', 'Name', 'width')}
      <div className="param">
        <label htmlFor={`${prefix}-kind`}>Kind</label>
        <select
          id={`${prefix}-kind`}
          value={f.kind}
          onChange={(e) => set('kind', e.target.value as DeclKind)}
        >
          {declKinds.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
      </div>
      {f.kind === 'enum' && text('options', 'Options', 'nearest, bilinear')}
      {text('default', 'Default', f.kind === 'bool' ? 'true or false' : '')}
      {numeric && text('min', 'Min', 'none')}
      {numeric && text('max', 'Max', 'none')}
      {text('doc', 'Doc', 'what it sets')}
      <div className="row">
        <button type="button" onClick={submit}>
          {submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
};
