// Module ids and names for modules brought into a document: one whose id or name the document
// already uses gets a fresh pair (decoder -> decoder-2, "Decoder" -> "Decoder 2"), and every
// module/instance and module/handle that called it is pointed at the new id.
import type { DocModule, DocNode } from '../../core/document/document.types';
import { MODULE_HANDLE, MODULE_INSTANCE } from '../../core/graph/module-types';

export interface ModuleRename {
  id: string;
  name: string;
}

/** Numbers a copy: "decoder" and "decoder-2" both count on from "decoder". */
const stems = (m: { id: string; name: string }): { id: string; name: string } => ({
  id: m.id.replace(/-\d+$/, '') || m.id,
  name: m.name.replace(/ \d+$/, '') || m.name,
});

/**
 * The new id and name of each incoming module that clashes with `existing` (by id or name), keyed
 * by its old id. Modules that do not clash keep theirs; no two results clash with each other.
 */
export const planModuleRenames = (
  existing: Record<string, DocModule>,
  incoming: readonly DocModule[],
): Map<string, ModuleRename> => {
  const ids = new Set(Object.keys(existing));
  const names = new Set(Object.values(existing).map((m) => m.name));
  const clashes = incoming.filter((m) => ids.has(m.id) || names.has(m.name));
  for (const m of incoming)
    if (!clashes.includes(m)) {
      ids.add(m.id);
      names.add(m.name);
    }
  const renames = new Map<string, ModuleRename>();
  for (const m of clashes) {
    const stem = stems(m);
    let n = 2;
    while (ids.has(`${stem.id}-${n}`) || names.has(`${stem.name} ${n}`)) n++;
    const next = { id: `${stem.id}-${n}`, name: `${stem.name} ${n}` };
    ids.add(next.id);
    names.add(next.name);
    renames.set(m.id, next);
  }
  return renames;
};

/** Points instances and handles at renamed modules (in place). */
export const renameModuleCalls = (
  nodes: Iterable<DocNode>,
  renames: ReadonlyMap<string, ModuleRename>,
): void => {
  for (const n of nodes) {
    if (n.type !== MODULE_INSTANCE && n.type !== MODULE_HANDLE) continue;
    const target = n.params.module;
    const next = typeof target === 'string' ? renames.get(target) : undefined;
    if (next) n.params.module = next.id;
  }
};
