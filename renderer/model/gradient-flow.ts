// How gradients pass along an edge, from the ports' declarations: the source port's `gradient`
// (an output that is straight-through, detached or not differentiable) and the target port's
// (an input that takes no gradient), and the dtype: an int32 or bool value never carries one.
import type { GradientFlow, PortSpec } from '../../core/node-contract/port-spec';
import type { ValueType } from '../../core/shapes/tensor-type';

export type EdgeGradient = GradientFlow;

export interface GradientStyle {
  key: EdgeGradient;
  label: string;
  /** What the legend draws: a short line in the edge's style. */
  dash?: string;
  color: string;
  width: number;
}

export const gradientStyles: readonly GradientStyle[] = [
  { key: 'flows', label: 'gradient flows', color: '#8a94a3', width: 1.6 },
  {
    key: 'straight-through',
    label: 'straight-through (ST): forward value, identity gradient',
    dash: '7 4',
    color: '#e0b050',
    width: 1.6,
  },
  {
    key: 'stop',
    label: 'stopped (detached): no gradient',
    dash: '1.5 4',
    color: '#5d6573',
    width: 1.6,
  },
  {
    key: 'none',
    label: 'not differentiable (indices, ints, handles)',
    color: '#4a515c',
    width: 0.8,
  },
];

const rank: Record<EdgeGradient, number> = { flows: 0, 'straight-through': 1, stop: 2, none: 3 };

/**
 * The mode of an edge from `source` (an output port) to `target` (an input port); `type` is the
 * value the shapes pass found on it, when known. The most restrictive wins:
 * none > stop > straight-through > flows; a port that declares nothing lets gradients flow.
 */
export const edgeGradient = (
  source: Pick<PortSpec, 'kind' | 'dtype' | 'gradient'> | undefined,
  target: Pick<PortSpec, 'kind' | 'dtype' | 'gradient'> | undefined,
  type?: ValueType,
): EdgeGradient => {
  if (type?.kind === 'model' || source?.kind === 'model' || target?.kind === 'model') return 'none';
  const dtype = type?.kind === 'tensor' ? type.dtype : (source?.dtype ?? target?.dtype);
  if (dtype === 'int32' || dtype === 'bool') return 'none';
  let mode: EdgeGradient = 'flows';
  for (const g of [source?.gradient, target?.gradient])
    if (g !== undefined && rank[g] > rank[mode]) mode = g;
  return mode;
};
