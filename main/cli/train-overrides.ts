// `tessera train`'s overrides of what the project file says: the batch size, the checkpoint
// interval and whether previews are rendered (without previews, metric nodes nothing else reads,
// such as a Fréchet distance that trains its own classifier when built, are left out too). They
// apply to a copy of the document before the run starts (the engine compiles it as it would the
// file), so a run and its resume given the same flags train the same model on the same batches.
import type { TesseraDocument } from '../../core/document/document.types';
import type { NodeRegistry } from '../../core/node-contract/node-definition';
import { nodeRegistry } from '../../nodes/registry';

export interface TrainOverrides {
  /** Examples per step (the project's training.batchSize). */
  batch?: number;
  /** Steps between checkpoints; 0 writes only the final one (training.checkpointEvery). */
  checkpointEvery?: number;
  /** Render no previews (none while training, none at the end), nor build metrics only they show. */
  noPreviews?: boolean;
}

/** Top-level metric nodes (role 'metric') whose outputs no edge reads: only previews show them. */
export const previewOnlyMetrics = (doc: TesseraDocument, registry: NodeRegistry): string[] => {
  const read = new Set(Object.values(doc.edges).map((e) => e.source.node));
  return Object.values(doc.nodes)
    .filter((n) => registry.get(n.type)?.role === 'metric' && !read.has(n.id))
    .map((n) => n.id);
};

const withoutNodes = (doc: TesseraDocument, ids: readonly string[]): TesseraDocument =>
  ids.length === 0
    ? doc
    : {
        ...doc,
        nodes: Object.fromEntries(Object.entries(doc.nodes).filter(([id]) => !ids.includes(id))),
        edges: Object.fromEntries(
          Object.entries(doc.edges).filter(([, e]) => !ids.includes(e.target.node)),
        ),
      };

export const applyTrainOverrides = (
  doc: TesseraDocument,
  o: TrainOverrides,
  registry: NodeRegistry = nodeRegistry,
): TesseraDocument => {
  if (o.batch === undefined && o.checkpointEvery === undefined && !o.noPreviews) return doc;
  // The file may not be a project at all: the engine reports that; here nothing may throw.
  const given = doc as Partial<TesseraDocument> | null;
  const training = given?.training;
  const out = {
    ...doc,
    ...(training
      ? {
          training: {
            ...training,
            ...(o.batch !== undefined ? { batchSize: o.batch } : {}),
            ...(o.checkpointEvery !== undefined ? { checkpointEvery: o.checkpointEvery } : {}),
          },
        }
      : {}),
    ...(o.noPreviews ? { previews: {} } : {}),
  };
  const looksLikeProject =
    typeof given?.nodes === 'object' &&
    given.nodes !== null &&
    typeof given.edges === 'object' &&
    given.edges !== null;
  return o.noPreviews && looksLikeProject
    ? withoutNodes(out, previewOnlyMetrics(out, registry))
    : out;
};
