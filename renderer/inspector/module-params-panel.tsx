// "Module params" of the module on the canvas: its declared params, each editable and removable,
// and a form to add one. Every change is one undoable command.
import { useState } from 'react';
import type { DocModule } from '../../core/document/document.types';
import { declsOf } from '../../core/modules/specialize-modules';
import { useEditor } from '../app/editor-context';
import { declareModuleParam, removeModuleParam, updateModuleParam } from '../store/module-params';
import { declFieldsOf, emptyDeclFields } from './module-param-decl-input';
import { ModuleParamForm } from './module-param-form';

const range = (min?: number, max?: number): string =>
  min === undefined && max === undefined ? '' : ` ${min ?? '…'} … ${max ?? '…'}`;

export const ModuleParamsPanel = ({ module }: { module: DocModule }) => {
  const ed = useEditor();
  const [editing, setEditing] = useState<string | undefined>(); // a name, or '' for a new param
  const decls = declsOf(module);
  const names = Object.keys(decls);
  return (
    <div className="module-params" data-testid="module-params">
      <h4>Module params</h4>
      <p className="muted">
        Inner nodes refer to them with = (e.g. =width or =width * 2); each Module Instance sets its
        own values.
      </p>
      {names.length === 0 && editing === undefined && (
        <div className="muted">This module declares no params.</div>
      )}
      <ul className="module-param-list">
        {names.map((n) => {
          const d = decls[n]!;
          return editing === n ? (
            <li key={n}>
              <ModuleParamForm
                module={module}
                initial={declFieldsOf(n, d)}
                current={n}
                submitLabel="Save"
                onCancel={() => setEditing(undefined)}
                onSubmit={(name, decl) => {
                  ed.store.dispatch(
                    name === n ? `Edit param ${n}` : `Rename param ${n} to ${name}`,
                    updateModuleParam(module.id, n, name, decl),
                  );
                  setEditing(undefined);
                }}
              />
            </li>
          ) : (
            <li key={n} data-module-param={n}>
              <span className="mono">
                <b>{n}</b> {d.kind} = {String(d.default)}
                {range(d.min, d.max)}
                {d.options ? ` [${d.options.join(', ')}]` : ''}
              </span>
              {d.doc && <span className="param-doc"> {d.doc}</span>}{' '}
              <button type="button" onClick={() => setEditing(n)} aria-label={`Edit param ${n}`}>
                Edit
              </button>
              <button
                type="button"
                aria-label={`Remove param ${n}`}
                title="Linked fields keep the value they have with the defaults"
                onClick={() =>
                  ed.store.dispatch(`Remove param ${n}`, removeModuleParam(module.id, n))
                }
              >
                Remove
              </button>
            </li>
          );
        })}
      </ul>
      {editing === '' ? (
        <ModuleParamForm
          module={module}
          initial={emptyDeclFields()}
          submitLabel="Add param"
          onCancel={() => setEditing(undefined)}
          onSubmit={(name, decl) => {
            ed.store.dispatch(`Add param ${name}`, declareModuleParam(module.id, name, decl));
            setEditing(undefined);
          }}
        />
      ) : (
        <button type="button" onClick={() => setEditing('')}>
          + Add param
        </button>
      )}
    </div>
  );
};
