// The templates gallery: templates/<id>.json, data only.
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import type { OpenedFile, TemplateSummary } from '../../../core/ipc/contract';
import { readProjectFile } from './project-files';
import { catalogEntry, unknownFamily } from './template-catalog';
import { templateCounts, templateOutline } from '../../../core/templates/template-outline';
import { resultsFileOf } from './template-results';

const preferred = ['vq-vae', 'vqgan'];

const isFile = async (path: string | undefined): Promise<boolean> =>
  path !== undefined &&
  (await fs.stat(path).then(
    (s) => s.isFile(),
    () => false,
  ));

/**
 * Every templates/<id>.json with what the gallery shows: name, description, family and paper
 * (template-catalog.ts), the top-level graph for its thumbnail, and whether `resultsDir` holds
 * its results image.
 */
export const listTemplates = async (
  dir: string,
  resultsDir?: string,
): Promise<TemplateSummary[]> => {
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
    const entry = catalogEntry(id);
    out.push({
      id,
      name: typeof c?.name === 'string' ? c.name : id,
      description: typeof c?.description === 'string' ? c.description : '',
      family: entry?.family ?? unknownFamily,
      ...(entry ? { paper: { ...entry.paper } } : {}),
      outline: templateOutline(opened.content),
      ...templateCounts(opened.content),
      hasResults: resultsDir !== undefined && (await isFile(resultsFileOf(resultsDir, id))),
    });
  }
  const rank = (id: string): number =>
    preferred.includes(id) ? preferred.indexOf(id) : preferred.length;
  return out.sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
};

export const readTemplate = (dir: string, id: string): Promise<OpenedFile> =>
  readProjectFile(nodePath.join(dir, `${id}.json`));
