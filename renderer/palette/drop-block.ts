// Dropping a palette block on the canvas: load its document, insert its module and an instance
// in the graph on the canvas (one undo step), select the instance.
import { hasErrors } from '../../core/diagnostics/diagnostic';
import { loadDocument } from '../../core/document/load-document';
import type { BlockSummary } from '../../core/ipc/contract';
import type { DocumentStore } from '../store/document-store';
import { blockRefusal, insertBlock, type InsertedBlock } from '../store/insert-block';

/** Inserts `block` at `at`; returns what was inserted, or a message naming what is wrong. */
export const dropBlock = (
  store: DocumentStore,
  block: Pick<BlockSummary, 'id' | 'title' | 'content'>,
  at: { x: number; y: number },
): InsertedBlock | string => {
  const loaded = loadDocument(block.content);
  if (!loaded.document || hasErrors(loaded.diagnostics))
    return `Block ${block.title} (templates/blocks/${block.id}.json) does not load: ${loaded.diagnostics.map((d) => d.message).join('; ')}`;
  const refusal = blockRefusal(loaded.document);
  if (refusal) return refusal;
  let r: InsertedBlock | undefined;
  store.dispatch(
    `Insert ${block.title}`,
    insertBlock(loaded.document, at, store.currentScope, (x) => (r = x)),
  );
  if (!r) return `Block ${block.title} could not be inserted here.`;
  store.select([r.instanceId]);
  return r;
};
