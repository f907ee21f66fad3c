// The hash a run is pinned to: sha256 of the canonical graph it trained (core/run-history/canonical-graph.ts),
// so two runs of the same graph share it, and moving a node or renaming the project does not change it.
import { createHash } from 'node:crypto';
import { canonicalGraph } from '../../core/run-history/canonical-graph';

export const graphHash = (document: unknown): string =>
  `sha256:${createHash('sha256')
    .update(`tessera graph 1\0${canonicalGraph(document)}`, 'utf8')
    .digest('hex')}`;
