// Lays out every templates/*.json and templates/blocks/*.json with the canvas's Arrange layout
// (renderer/model/auto-layout.ts): the top level and every module's inside. Rewrites only the
// `position` values, in place in the text, so that everything else keeps its bytes (inline
// objects stay inline); the result goes through Prettier with the repository's config.
// Run: node --import ./main/runtime/register.mjs scripts/layout-templates.ts [file.json ...]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import type { TesseraDocument } from '../core/document/document.types';
import { nodeRegistry } from '../nodes/registry';
import { layoutWholeDocument } from '../renderer/model/auto-layout';

/** Where each value of a JSON text starts and ends, by its path ("nodes/enc/position"). */
export const valueSpans = (text: string): Map<string, [number, number]> => {
  const spans = new Map<string, [number, number]>();
  let i = 0;
  const ws = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const str = (): string => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string): void => {
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      while (text[i] !== '}') {
        const key = str();
        ws();
        i++; // ':'
        value(path ? `${path}/${key}` : key);
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
    } else if (c === '[') {
      i++;
      ws();
      let k = 0;
      while (text[i] !== ']') {
        value(`${path}/${k++}`);
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
    } else if (c === '"') str();
    else while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
    spans.set(path, [start, i]);
  };
  value('');
  return spans;
};

/** `text` with every node's position set to the one in `doc`, the rest untouched. */
export const rewritePositions = (text: string, doc: TesseraDocument): string => {
  const spans = valueSpans(text);
  const edits: { at: [number, number]; value: string }[] = [];
  const graphs: [string, TesseraDocument['nodes']][] = [
    ['nodes', doc.nodes],
    ...Object.entries(doc.modules).map(
      ([id, m]) => [`modules/${id}/nodes`, m.nodes] as [string, TesseraDocument['nodes']],
    ),
  ];
  for (const [prefix, nodes] of graphs)
    for (const [id, n] of Object.entries(nodes)) {
      const at = spans.get(`${prefix}/${id}/position`);
      if (!at) continue;
      const old = text.slice(at[0], at[1]);
      const { x, y } = n.position;
      const indent = /\n([ ]*)"x"/.exec(old)?.[1];
      const value = old.includes('\n')
        ? `{\n${indent}"x": ${x},\n${indent}"y": ${y}\n${indent!.slice(2)}}`
        : `{ "x": ${x}, "y": ${y} }`;
      edits.push({ at, value });
    }
  let out = text;
  for (const e of edits.sort((a, b) => b.at[0] - a.at[0]))
    out = out.slice(0, e.at[0]) + e.value + out.slice(e.at[1]);
  return out;
};

const root = fileURLToPath(new URL('../', import.meta.url));
const named = process.argv.slice(2);
const files = named.length
  ? named
  : ['templates', 'templates/blocks'].flatMap((dir) =>
      readdirSync(`${root}${dir}`)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => `${dir}/${f}`),
    );

for (const file of files) {
  const path = file.startsWith('/') ? file : `${root}${file}`;
  const before = readFileSync(path, 'utf8');
  const doc = JSON.parse(before) as TesseraDocument;
  layoutWholeDocument(doc, nodeRegistry);
  const options = (await prettier.resolveConfig(path)) ?? {};
  const after = await prettier.format(rewritePositions(before, doc), {
    ...options,
    filepath: path,
  });
  const check = JSON.parse(after) as TesseraDocument;
  layoutWholeDocument(check, nodeRegistry);
  if (JSON.stringify(check) !== JSON.stringify(doc))
    throw new Error(`${file}: rewriting the positions changed something else`);
  const graphs = 1 + Object.keys(doc.modules).length;
  if (after === before) process.stdout.write(`${file}: unchanged (${graphs} graphs)\n`);
  else {
    writeFileSync(path, after);
    process.stdout.write(`${file}: laid out (${graphs} graphs)\n`);
  }
}
