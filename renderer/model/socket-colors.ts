// Socket colours by what flows through a port, with the legend shown on the canvas.
import type { PortSpec } from '../../core/node-contract/port-spec';

export interface SocketKind {
  key: string;
  label: string;
  color: string;
}

export const socketKinds: readonly SocketKind[] = [
  { key: 'image', label: 'image / feature map (B x H x W x C)', color: '#4c8dff' },
  { key: 'sequence', label: 'sequence (B x N x D)', color: '#3ec27a' },
  { key: 'vector', label: 'vector (B x D)', color: '#2bb5c9' },
  { key: 'scalar', label: 'scalar (loss, metric)', color: '#ff6b6b' },
  { key: 'int', label: 'integer (codes, labels)', color: '#f2a541' },
  { key: 'model', label: 'model handle', color: '#b57cff' },
  { key: 'any', label: 'any tensor', color: '#9aa3ad' },
];

const byKey = new Map(socketKinds.map((k) => [k.key, k]));

export const socketKindOf = (p: Pick<PortSpec, 'kind' | 'dtype' | 'rank'>): SocketKind => {
  const k = (key: string): SocketKind => byKey.get(key) ?? socketKinds[socketKinds.length - 1]!;
  if (p.kind === 'model') return k('model');
  if (p.dtype === 'int32' || p.dtype === 'bool') return k('int');
  switch (p.rank) {
    case 0:
      return k('scalar');
    case 2:
      return k('vector');
    case 3:
      return k('sequence');
    case 4:
      return k('image');
    default:
      return k('any');
  }
};
