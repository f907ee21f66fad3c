// Builds small documents for tests: node(id, type, params) and edge('a.out', 'b.x').
import { createEmptyDocument } from '../../document/create-empty-document';
import type {
  DocEdge,
  DocModule,
  DocNode,
  Objective,
  TesseraDocument,
} from '../../document/document.types';
import type { ParamValue } from '../../node-contract/param-spec';

export const node = (
  id: string,
  type: string,
  params: Record<string, ParamValue> = {},
  extra: Partial<DocNode> = {},
): DocNode => ({
  id,
  type,
  typeVersion: 1,
  params,
  position: { x: 0, y: 0 },
  ...extra,
});

const ref = (s: string): { node: string; port: string } => {
  const dot = s.lastIndexOf('.');
  return { node: s.slice(0, dot), port: s.slice(dot + 1) };
};

export const edge = (from: string, to: string, id = `${from}->${to}`): DocEdge => ({
  id,
  source: ref(from),
  target: ref(to),
});

export const byId = <T extends { id: string }>(items: T[]): Record<string, T> =>
  Object.fromEntries(items.map((i) => [i.id, i]));

export const graphDoc = (
  nodes: DocNode[],
  edges: DocEdge[],
  more: Partial<TesseraDocument> = {},
): TesseraDocument => ({
  ...createEmptyDocument('test'),
  nodes: byId(nodes),
  edges: byId(edges),
  ...more,
});

export const moduleOf = (
  id: string,
  nodes: DocNode[],
  edges: DocEdge[],
  name = id,
  params: DocModule['params'] = {},
): DocModule => ({
  id,
  name,
  params,
  nodes: byId(nodes),
  edges: byId(edges),
});

export const objective = (
  optimizer: string,
  updates: string[],
  more: Partial<Objective> = {},
): Objective => ({
  id: `obj-${optimizer}`,
  name: `obj-${optimizer}`,
  optimizer,
  updates,
  every: 1,
  from: 0,
  clipGradNorm: 0,
  ...more,
});
