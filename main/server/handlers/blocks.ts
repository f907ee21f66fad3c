// The palette's Blocks: templates/blocks/<id>.json, each a document holding one module (data only).
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import type { BlockSummary } from '../../../core/ipc/contract';
import { readProjectFile } from './project-files';

const preferred = [
  'residual-conv-block',
  'unet-down-stage',
  'unet-up-stage',
  'transformer-block',
  'mlp',
];

interface BlockContent {
  modules?: Record<string, { name?: unknown; doc?: unknown }>;
}

/** Every readable block in `dir`, the usual ones first; files that hold no single module are left out. */
export const listBlocks = async (dir: string): Promise<BlockSummary[]> => {
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const out: BlockSummary[] = [];
  for (const n of names) {
    const id = n.slice(0, -'.json'.length);
    const opened = await readProjectFile(nodePath.join(dir, n));
    const modules = Object.values((opened.content as BlockContent | undefined)?.modules ?? {});
    const m = modules[0];
    if (modules.length !== 1 || !m) continue;
    out.push({
      id,
      title: typeof m.name === 'string' && m.name !== '' ? m.name : id,
      doc: typeof m.doc === 'string' ? m.doc : '',
      content: opened.content,
    });
  }
  const rank = (id: string): number =>
    preferred.includes(id) ? preferred.indexOf(id) : preferred.length;
  return out.sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
};
