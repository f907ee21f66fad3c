// Every custom-code node of a document (top level and inside modules), read from the document
// as saved, for the trust checks of the engine, the shells and the studio. Pure; tolerates any
// input (a file is data until it is loaded), so a malformed document yields what it can.
import { CUSTOM_LAYER_TYPE } from './custom-layer/custom-layer.node';
import { DEFAULT_CUSTOM_CODE } from './custom-layer/default-code';

export interface CustomCodeRef {
  /** The node's id in its graph. */
  nodeId: string;
  /** The module holding it; absent at the top level. */
  moduleId?: string;
  /** The id trust is recorded under: 'n3' at the top level, 'moduleId/n3' inside a module. */
  trustId: string;
  /** The document path of the node ('/nodes/n3', '/modules/m/nodes/n3'). */
  path: string;
  /** The node's label, else its id: what messages call it. */
  name: string;
  code: string;
  /** The code is Tessera's default text, not the file's own (trusted everywhere). */
  shipped: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const refsOf = (nodes: unknown, moduleId: string | undefined): CustomCodeRef[] => {
  if (!isRecord(nodes)) return [];
  const out: CustomCodeRef[] = [];
  for (const [key, node] of Object.entries(nodes)) {
    if (!isRecord(node) || node['type'] !== CUSTOM_LAYER_TYPE) continue;
    const nodeId = typeof node['id'] === 'string' ? node['id'] : key;
    const params = isRecord(node['params']) ? node['params'] : {};
    // A missing code param means the default; anything that is not text is shown as its JSON.
    const raw = params['code'];
    const code =
      raw === undefined ? DEFAULT_CUSTOM_CODE : typeof raw === 'string' ? raw : JSON.stringify(raw);
    const label =
      typeof node['label'] === 'string' && node['label'].trim() !== '' ? node['label'] : undefined;
    out.push({
      nodeId,
      ...(moduleId !== undefined ? { moduleId } : {}),
      trustId: moduleId === undefined ? nodeId : `${moduleId}/${nodeId}`,
      path: moduleId === undefined ? `/nodes/${key}` : `/modules/${moduleId}/nodes/${key}`,
      name: label ?? nodeId,
      code,
      shipped: code === DEFAULT_CUSTOM_CODE,
    });
  }
  return out;
};

export const customCodeRefs = (document: unknown): CustomCodeRef[] => {
  if (!isRecord(document)) return [];
  const modules = isRecord(document['modules']) ? document['modules'] : {};
  return [
    ...refsOf(document['nodes'], undefined),
    ...Object.entries(modules).flatMap(([id, m]) => (isRecord(m) ? refsOf(m['nodes'], id) : [])),
  ];
};
