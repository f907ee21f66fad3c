// formatVersion 1 -> 2. Version 2 adds module params (DocModule.params, referenced from inner
// node params as "=name") and makes a new Module Instance own its weights by default
// (weights: 'copy'), as a new nn.Module does. Version 1 instances shared by default, so every
// instance that did not say otherwise gets an explicit weights: 'shared' and keeps its meaning.
import type { RawDocument } from './migration';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const INSTANCE = 'module/instance';

const withExplicitSharing = (nodes: unknown): unknown => {
  if (!isObject(nodes)) return nodes;
  const out: Record<string, unknown> = {};
  for (const [id, n] of Object.entries(nodes)) {
    if (!isObject(n) || n.type !== INSTANCE) {
      out[id] = n;
      continue;
    }
    const params = isObject(n.params) ? n.params : {};
    out[id] = 'weights' in params ? n : { ...n, params: { ...params, weights: 'shared' } };
  }
  return out;
};

const migrateModules = (modules: unknown): unknown => {
  if (!isObject(modules)) return modules;
  const out: Record<string, unknown> = {};
  for (const [id, m] of Object.entries(modules))
    out[id] = isObject(m)
      ? {
          ...m,
          params: isObject(m.params) ? m.params : {},
          ...(m.nodes !== undefined ? { nodes: withExplicitSharing(m.nodes) } : {}),
        }
      : m;
  return out;
};

export const migrateV1ToV2 = (doc: RawDocument): RawDocument => ({
  ...doc,
  ...(doc.nodes !== undefined ? { nodes: withExplicitSharing(doc.nodes) } : {}),
  ...(doc.modules !== undefined ? { modules: migrateModules(doc.modules) } : {}),
  formatVersion: 2,
});
