// Dropping a block (templates/blocks): its one module joins the document (a fresh id and name
// when they clash, through insertFragment) and a Module Instance of it (own weights, 'copy')
// lands at the drop point, in the graph on the canvas. One recipe, so one undo step.
import { castDraft, type Draft } from 'immer';
import type { TesseraDocument } from '../../core/document/document.types';
import type { ParamValue } from '../../core/node-contract/param-spec';
import { moduleInstanceNode } from '../../nodes/module/module-instance.node';
import { freshId, graphOf } from './commands';
import { insertFragment } from './insert-fragment';
import type { Point } from './fragment-placement';

export interface InsertedBlock {
  moduleId: string;
  instanceId: string;
}

/** Why `block` cannot be dropped (undefined when it can): it must hold exactly one module. */
export const blockRefusal = (block: TesseraDocument): string | undefined => {
  const n = Object.keys(block.modules).length;
  return n === 1
    ? undefined
    : `Block ${block.name} holds ${n} modules; a block file holds exactly one (fix templates/blocks).`;
};

export const insertBlock =
  (block: TesseraDocument, at: Point, scope = '', onDone?: (r: InsertedBlock) => void) =>
  (doc: Draft<TesseraDocument>): void => {
    const module = Object.values(block.modules)[0];
    if (!module || blockRefusal(block) || !graphOf(doc, scope)) return;
    let moduleId = module.id;
    insertFragment({ nodes: [], edges: [], modules: [module] }, at, (r) => {
      moduleId = r.renamedModules.get(module.id)?.id ?? module.id;
    })(doc);
    const g = graphOf(doc, scope)!;
    const id = freshId(moduleId, g.nodes);
    const params: Record<string, ParamValue> = {};
    for (const [k, spec] of Object.entries(moduleInstanceNode.params))
      params[k] = spec.default as ParamValue;
    params.module = moduleId;
    params.weights = 'copy';
    g.nodes[id] = castDraft({
      id,
      type: moduleInstanceNode.id,
      typeVersion: moduleInstanceNode.version,
      params,
      position: { x: Math.round(at.x), y: Math.round(at.y) },
    });
    onDone?.({ moduleId, instanceId: id });
  };
