// Small builders for writing template documents in TypeScript (the templates are data; these
// spare writing thousands of lines of JSON by hand): nodes, edges, modules, common params.
import type {
  DocEdge,
  DocModule,
  DocNode,
  ModuleParamDecl,
} from '../../core/document/document.types';
import type { ParamValue } from '../../core/node-contract/param-spec';

export type P = Record<string, ParamValue>;

/** A node at grid cell (col, row), 220 x 160 px; the layout step moves it later. */
export const n = (
  id: string,
  type: string,
  label: string,
  params: P,
  col: number,
  row = 0,
): DocNode => ({
  id,
  type,
  typeVersion: 1,
  label,
  params,
  position: { x: col * 220, y: row * 160 },
});

/** An edge 'node.port' -> 'node.port'. */
export const e = (from: string, to: string): DocEdge => {
  const [sn, sp] = [from.slice(0, from.lastIndexOf('.')), from.slice(from.lastIndexOf('.') + 1)];
  const [tn, tp] = [to.slice(0, to.lastIndexOf('.')), to.slice(to.lastIndexOf('.') + 1)];
  return { id: `${from}->${to}`, source: { node: sn, port: sp }, target: { node: tn, port: tp } };
};

export const byId = <T extends { id: string }>(xs: T[]): Record<string, T> =>
  Object.fromEntries(xs.map((x) => [x.id, x]));

export const mod = (
  id: string,
  name: string,
  doc: string,
  params: Record<string, ModuleParamDecl>,
  nodes: DocNode[],
  edges: DocEdge[],
): DocModule => ({ id, name, doc, params, nodes: byId(nodes), edges: byId(edges) });

export const input = (
  id: string,
  name: string,
  col: number,
  row: number,
  shape = '',
  dtype = 'float32',
): DocNode => n(id, 'module/input', name, { name, shape, dtype }, col, row);

export const output = (id: string, name: string, col: number, row: number): DocNode =>
  n(id, 'module/output', name, { name }, col, row);

export const conv = (filters: ParamValue, kernel: number, stride = 1, init = 'he-normal'): P => ({
  filters,
  kernel,
  stride,
  padding: 'same',
  dilation: 1,
  bias: true,
  init,
});

export const convT = (filters: ParamValue, kernel: number, stride: number): P => ({
  filters,
  kernel,
  stride,
  padding: 'same',
  bias: true,
  init: 'he-normal',
});

export const dense = (units: ParamValue, init = 'glorot-uniform'): P => ({
  units,
  bias: true,
  init,
});

export const gn = (groups: ParamValue): P => ({ groups, eps: 1e-5 });

/** A Module Instance's params: which module, whose weights, and its param values. */
export const call = (module: string, values: P = {}, weights = 'copy'): P => ({
  module,
  weights,
  emaDecay: 0.999,
  ...values,
});

export const widthParam = (def: number, doc: string): ModuleParamDecl => ({
  kind: 'int',
  default: def,
  min: 1,
  max: 4096,
  doc,
});

export const groupsParam: ModuleParamDecl = {
  kind: 'int',
  default: 8,
  min: 1,
  max: 512,
  doc: 'GroupNorm groups; must divide width.',
};

export const headsParam = (doc = 'Attention heads; must divide width.'): ModuleParamDecl => ({
  kind: 'int',
  default: 4,
  min: 1,
  max: 64,
  doc,
});

export const adam = (lr: number): P => ({
  algorithm: 'adam',
  lr,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  momentum: 0,
  weightDecay: 0,
  clipGradNorm: 0,
  clipWeights: 0,
});
