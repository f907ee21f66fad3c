// A selected Module Instance's values of its module's params, as a form built from the
// declarations (ranges, enum selects, checkboxes); unset values show the default. Inside a
// module, a value can itself be linked to the enclosing module's params.
import type { DocModule, DocNode, ModuleParamDecl } from '../../core/document/document.types';
import { declToSpec, declsOf } from '../../core/modules/specialize-modules';
import { useEditor } from '../app/editor-context';
import { setParam } from '../store/commands';
import { resetInstanceParam } from '../store/instance-params';
import { LinkableParamField } from './linkable-param-field';

export interface InstanceParamsProps {
  nodeId: string;
  node: DocNode;
  module: DocModule;
  scope: string;
  /** The enclosing module's params when the instance sits inside a module. */
  enclosing?: Readonly<Record<string, ModuleParamDecl>>;
}

export const InstanceParams = ({ nodeId, node, module, scope, enclosing }: InstanceParamsProps) => {
  const ed = useEditor();
  const decls = declsOf(module);
  const names = Object.keys(decls);
  return (
    <div className="instance-params" data-testid="instance-params">
      <h4>Module params</h4>
      {names.length === 0 && (
        <div className="muted">
          {module.name || module.id} declares no params (enter it and add some in the inspector).
        </div>
      )}
      {names.map((name) => {
        const decl = decls[name]!;
        const spec = declToSpec(decl);
        const own = Object.prototype.hasOwnProperty.call(node.params, name);
        return (
          <div key={`${nodeId}:${name}`} className={own ? 'set' : 'default'}>
            <LinkableParamField
              name={name}
              spec={spec}
              value={own ? node.params[name] : (decl.default as never)}
              moduleParams={enclosing}
              onChange={(v) =>
                ed.store.dispatch(`Set ${name}`, setParam(nodeId, name, v, scope), {
                  mergeKey: `param:${nodeId}:${name}`,
                })
              }
              onCommit={() => ed.store.seal()}
            />
            {own ? (
              <button
                type="button"
                className="link"
                aria-label={`Reset ${name} to the default`}
                onClick={() =>
                  ed.store.dispatch(`Reset ${name}`, resetInstanceParam(nodeId, name, scope))
                }
              >
                default ({String(decl.default)})
              </button>
            ) : (
              <span className="muted"> (default)</span>
            )}
          </div>
        );
      })}
    </div>
  );
};
