// One node on the canvas: title, typed coloured sockets, a badge for its problems, its cost.
import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { PortSpec } from '../../core/node-contract/port-spec';
import { socketKindOf } from '../model/socket-colors';

export interface TesseraNodeData extends Record<string, unknown> {
  title: string;
  typeId: string;
  category: string;
  inputs: readonly PortSpec[];
  outputs: readonly PortSpec[];
  errors: number;
  warnings: number;
  messages: readonly string[];
  unknownType: boolean;
  /** For a module instance: the module's name and how its weights are shared. */
  moduleInfo?: string;
  /** The cost pass's "12.3k params · 28.2k MACs", and its exact numbers for the tooltip. */
  costLine?: string;
  costTitle?: string;
}

export type TesseraFlowNode = Node<TesseraNodeData, 'tessera'>;

const portTitle = (p: PortSpec): string =>
  `${p.label ?? p.name}${p.dims ? ` (${p.dims.join(' x ')})` : ''}${p.dtype && p.dtype !== 'float32' ? ` ${p.dtype}` : ''}${p.optional ? ', optional' : ''}${p.doc ? ` — ${p.doc}` : ''}`;

const Socket = ({ port, type }: { port: PortSpec; type: 'source' | 'target' }) => {
  const kind = socketKindOf(port);
  return (
    <div className={`port port-${type}`} title={portTitle(port)} data-port={port.name}>
      <Handle
        id={port.name}
        type={type}
        position={type === 'target' ? Position.Left : Position.Right}
        className="socket"
        style={{ background: kind.color }}
      />
      <span className="port-name">{port.label ?? port.name}</span>
    </div>
  );
};

export const TesseraNode = memo(function TesseraNode({
  id,
  data,
  selected,
}: NodeProps<TesseraFlowNode>) {
  const badge = data.errors > 0 ? 'error' : data.warnings > 0 ? 'warning' : undefined;
  return (
    <div
      className={`tnode cat-${data.category}${selected ? ' selected' : ''}${data.unknownType ? ' unknown' : ''}`}
      data-node-id={id}
    >
      <div className="tnode-head">
        <span className="tnode-title">{data.title}</span>
        {badge && (
          <span
            className={`badge badge-${badge}`}
            title={data.messages.join('\n')}
            data-testid="node-badge"
          >
            {badge === 'error' ? data.errors : data.warnings}
          </span>
        )}
      </div>
      <div className="tnode-sub">{id}</div>
      {data.moduleInfo && (
        <div
          className="tnode-module"
          title="Double-click to edit the module"
          data-testid="module-info"
        >
          {data.moduleInfo}
        </div>
      )}
      {data.costLine && (
        <div className="tnode-cost" title={data.costTitle} data-testid="node-cost">
          {data.costLine}
        </div>
      )}
      <div className="tnode-ports">
        <div className="ports-in">
          {data.inputs.map((p) => (
            <Socket key={p.name} port={p} type="target" />
          ))}
        </div>
        <div className="ports-out">
          {data.outputs.map((p) => (
            <Socket key={p.name} port={p} type="source" />
          ))}
        </div>
      </div>
    </div>
  );
});
