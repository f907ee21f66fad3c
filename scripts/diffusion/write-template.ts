// Writes a template document to templates/<name>.json: laid out with the canvas's Arrange layout
// (as scripts/layout-templates.ts does for every template), then formatted with Prettier.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import type { TesseraDocument } from '../../core/document/document.types';
import { nodeRegistry } from '../../nodes/registry';
import { layoutWholeDocument } from '../../renderer/model/auto-layout';

export const writeTemplate = async (name: string, doc: TesseraDocument): Promise<void> => {
  const path = fileURLToPath(new URL(`../../templates/${name}.json`, import.meta.url));
  layoutWholeDocument(doc, nodeRegistry);
  const options = (await prettier.resolveConfig(path)) ?? {};
  writeFileSync(path, await prettier.format(JSON.stringify(doc), { ...options, filepath: path }));
  process.stdout.write(`wrote templates/${name}.json\n`);
};
