// The inspector: the selected node's params (form from its spec), ports, docs and paper, problems.
import { useEditor, useStoreSnapshot } from '../app/editor-context';
import { setLabel, setParam } from '../store/commands';
import { instanceCounts } from '../store/make-module';
import { MODULE_INSTANCE } from '../../core/graph/module-types';
import { declsOf } from '../../core/modules/specialize-modules';
import { moduleProgramOf } from '../model/compile-view';
import { InstanceParams } from './instance-params';
import { LinkableParamField } from './linkable-param-field';
import { ModuleParamsPanel } from './module-params-panel';
import { socketKindOf } from '../model/socket-colors';
import { formatValueType, type ValueType } from '../../core/shapes/tensor-type';
import { CUSTOM_LAYER_TYPE } from '../../nodes/custom/custom-layer/custom-layer.node';
import { CustomCodeSection } from '../custom-code/custom-code-section';
import { nodeMemoryLine } from './memory-format';
import { DatasetPreviewPanel } from './dataset-preview-panel';

export const Inspector = () => {
  const ed = useEditor();
  const snap = useStoreSnapshot(ed.store);
  const scopeModule = snap.scope === '' ? undefined : snap.doc.modules[snap.scope];
  if (snap.selection.length === 0 && scopeModule)
    return (
      <div className="inspector" data-testid="inspector">
        <h3>{scopeModule.name || scopeModule.id}</h3>
        <div className="muted mono">module · {scopeModule.id}</div>
        {scopeModule.doc && <p className="doc">{scopeModule.doc}</p>}
        <ModuleParamsPanel module={scopeModule} />
      </div>
    );
  if (snap.selection.length !== 1)
    return (
      <div className="inspector muted">
        {snap.selection.length === 0
          ? 'Select a node to edit its parameters.'
          : `${snap.selection.length} nodes selected.`}
      </div>
    );
  const id = snap.selection[0]!;
  const scope = snap.scope;
  const node = (scope === '' ? snap.doc.nodes : snap.doc.modules[scope]?.nodes)?.[id];
  if (!node) return null;
  const def = ed.registry.get(node.type);
  const diags = ed.view.byNode.get(id) ?? [];
  const ports = ed.view.ports.get(id);
  const ir = (scope === '' ? ed.view.program?.graph : moduleProgramOf(ed.view.program, scope))
    ?.nodes[id];
  const enclosing = scopeModule ? declsOf(scopeModule) : undefined;
  const moduleId =
    node.type === MODULE_INSTANCE && typeof node.params.module === 'string'
      ? node.params.module
      : undefined;
  const uses = moduleId ? instanceCounts(snap.doc).get(moduleId) : undefined;
  return (
    <div className="inspector" data-testid="inspector">
      <h3>{def?.title ?? node.type}</h3>
      <div className="muted mono">
        {node.type} · {id}
      </div>
      <div className="param">
        <label htmlFor="node-label">Label</label>
        <input
          id="node-label"
          value={node.label ?? ''}
          placeholder={def?.title}
          onChange={(e) =>
            ed.store.dispatch('Rename', setLabel(id, e.target.value, scope), {
              mergeKey: `label:${id}`,
            })
          }
          onBlur={() => ed.store.seal()}
        />
      </div>
      {moduleId && (
        <div className="module-box">
          Calls module <b>{snap.doc.modules[moduleId]?.name ?? moduleId}</b>: {uses?.all ?? 0}{' '}
          instance{uses?.all === 1 ? '' : 's'}, {uses?.shared ?? 0} sharing its weights.{' '}
          <button
            onClick={() => ed.store.enter(moduleId)}
            disabled={!(moduleId in snap.doc.modules)}
          >
            Enter module
          </button>
        </div>
      )}
      {diags.length > 0 && (
        <ul className="node-problems">
          {diags.map((d, i) => (
            <li key={i} className={`sev-${d.severity}`}>
              {d.port ? <b>{d.port}: </b> : null}
              {d.message}
            </li>
          ))}
        </ul>
      )}
      {def ? (
        <>
          {/* A dataset shows what it holds first: what a person selects it to see. */}
          {def.role === 'dataset' && (
            <DatasetPreviewPanel
              key={`${scope}:${id}`}
              nodeId={id}
              type={node.type}
              params={node.params}
              scope={scope}
            />
          )}
          <h4>Parameters</h4>
          {Object.keys(def.params).length === 0 && <div className="muted">No parameters.</div>}
          {Object.entries(def.params).map(([name, declared]) => {
            // A custom layer's code has its own section (Monaco, read-only until trusted).
            if (node.type === CUSTOM_LAYER_TYPE && name === 'code') return null;
            // A module instance picks its module from the project's modules.
            const spec =
              moduleId !== undefined && name === 'module'
                ? {
                    kind: 'enum' as const,
                    default: '',
                    options: Object.keys(snap.doc.modules),
                    doc: declared.doc,
                    label: declared.label,
                  }
                : declared;
            const linkable = !(moduleId !== undefined && name === 'module');
            return (
              <LinkableParamField
                key={`${id}:${name}`}
                name={name}
                spec={spec}
                value={node.params[name]}
                moduleParams={linkable ? enclosing : undefined}
                onChange={(v) =>
                  ed.store.dispatch(`Set ${spec.label ?? name}`, setParam(id, name, v, scope), {
                    mergeKey: `param:${id}:${name}`,
                  })
                }
                onCommit={() => ed.store.seal()}
              />
            );
          })}
          {node.type === CUSTOM_LAYER_TYPE && (
            <CustomCodeSection
              nodeId={id}
              code={typeof node.params.code === 'string' ? node.params.code : ''}
            />
          )}
          {moduleId !== undefined && snap.doc.modules[moduleId] && (
            <InstanceParams
              nodeId={id}
              node={node}
              module={snap.doc.modules[moduleId]}
              scope={scope}
              enclosing={enclosing}
            />
          )}
          <h4>Ports</h4>
          <table className="ports-table">
            <tbody>
              {(ports?.inputs ?? def.inputs).map((p) => (
                <tr key={`in-${p.name}`}>
                  <td>
                    <span className="legend-dot" style={{ background: socketKindOf(p).color }} /> in
                  </td>
                  <td>{p.label ?? p.name}</td>
                  <td className="mono">
                    {ir?.inputTypes[p.name]
                      ? fmt(ir.inputTypes[p.name])
                      : (p.dims?.join(' x ') ?? '')}
                  </td>
                </tr>
              ))}
              {(ports?.outputs ?? def.outputs).map((p) => (
                <tr key={`out-${p.name}`}>
                  <td>
                    <span className="legend-dot" style={{ background: socketKindOf(p).color }} />{' '}
                    out
                  </td>
                  <td>{p.label ?? p.name}</td>
                  <td className="mono" data-testid={`out-type-${p.name}`}>
                    {ir?.outputTypes[p.name]
                      ? fmt(ir.outputTypes[p.name])
                      : (p.dims?.join(' x ') ?? '')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {ir?.memory && (
            <>
              <h4>Memory</h4>
              <div className="mono" data-testid="node-memory">
                {nodeMemoryLine(ir.memory, ed.view.program?.memory?.batchSize)}
              </div>
            </>
          )}
          <h4>About</h4>
          <p className="doc">{def.doc}</p>
          {def.paper && (
            <p className="paper">
              {def.paper.url ? (
                <a href={def.paper.url} target="_blank" rel="noreferrer noopener">
                  {def.paper.citation}
                </a>
              ) : (
                def.paper.citation
              )}
              {def.paper.equation && <span className="mono"> — {def.paper.equation}</span>}
            </p>
          )}
        </>
      ) : (
        <div className="sev-error">
          Unknown node type {node.type}: it may come from a newer Tessera.
        </div>
      )}
    </div>
  );
};

const fmt = (t: ValueType | undefined): string => (t ? formatValueType(t) : '');
