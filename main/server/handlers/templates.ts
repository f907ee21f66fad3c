// The templates gallery: templates/<id>.json, data only.
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import type { OpenedFile, TemplateSummary } from '../../../core/ipc/contract';
import { readProjectFile } from './project-files';

const preferred = ['vq-vae', 'vqgan'];

export const listTemplates = async (dir: string): Promise<TemplateSummary[]> => {
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const out: TemplateSummary[] = [];
  for (const n of names) {
    const id = n.slice(0, -'.json'.length);
    const opened = await readProjectFile(nodePath.join(dir, n));
    const c = opened.content as { name?: unknown; description?: unknown } | undefined;
    out.push({
      id,
      name: typeof c?.name === 'string' ? c.name : id,
      description: typeof c?.description === 'string' ? c.description : '',
    });
  }
  const rank = (id: string): number =>
    preferred.includes(id) ? preferred.indexOf(id) : preferred.length;
  return out.sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
};

export const readTemplate = (dir: string, id: string): Promise<OpenedFile> =>
  readProjectFile(nodePath.join(dir, `${id}.json`));
