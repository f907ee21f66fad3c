// The palette's Blocks group: which blocks match a search, best first (title, then id, then doc).
import type { BlockSummary } from '../../core/ipc/contract';

const score = (b: BlockSummary, q: string): number => {
  const t = b.title.toLowerCase();
  if (t === q) return 0;
  if (t.startsWith(q)) return 1;
  if (t.includes(q)) return 2;
  if (b.id.toLowerCase().includes(q)) return 3;
  if ('blocks'.includes(q)) return 4;
  if (b.doc.toLowerCase().includes(q)) return 5;
  return -1;
};

/** Blocks matching `query`, best first; all of them, in the listing's order, when it is empty. */
export const searchBlocks = (blocks: readonly BlockSummary[], query: string): BlockSummary[] => {
  const q = query.trim().toLowerCase();
  if (!q) return [...blocks];
  return blocks
    .map((b, i) => ({ b, i, s: score(b, q) }))
    .filter((x) => x.s >= 0)
    .sort((a, b) => a.s - b.s || a.i - b.i)
    .map((x) => x.b);
};
