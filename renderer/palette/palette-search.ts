// Palette search: which node types the palette offers, categories in a fixed order, matches on
// title, id, category and doc.
import type { AnyNodeDefinition, NodeCategory } from '../../core/node-contract/node-definition';
import { compareText } from '../app/safe-intl';

export const categoryOrder: readonly NodeCategory[] = [
  'data',
  'blocks',
  'layers',
  'activation',
  'normalization',
  'resample',
  'shape',
  'math',
  'position',
  'encode',
  'decode',
  'quantize',
  'attention',
  'transformer',
  'gan',
  'diffusion',
  'autoregressive',
  'detection',
  'loss',
  'optimize',
  'sample',
  'metric',
  'module',
];

/**
 * The node types the palette and quick-add offer in `scope` ('' the top level, else a module id):
 * never legacy ones (they still load, compile and train when a project has them), and module
 * ports (input, output, handle) only inside a module; an instance is offered everywhere.
 */
export const paletteNodes = (
  defs: readonly AnyNodeDefinition[],
  scope: string,
): AnyNodeDefinition[] =>
  defs.filter(
    (d) =>
      d.legacy === undefined &&
      (d.category !== 'module' || d.id === 'module/instance' || scope !== ''),
  );

const score = (d: AnyNodeDefinition, q: string): number => {
  const t = d.title.toLowerCase();
  if (t === q) return 0;
  if (t.startsWith(q)) return 1;
  if (t.includes(q)) return 2;
  if (d.id.toLowerCase().includes(q)) return 3;
  if (d.category.includes(q)) return 4;
  if (d.doc.toLowerCase().includes(q)) return 5;
  return -1;
};

/** Definitions matching `query`, best first; all of them (by category, then title) when empty. */
export const searchNodes = (
  defs: readonly AnyNodeDefinition[],
  query: string,
): AnyNodeDefinition[] => {
  const q = query.trim().toLowerCase();
  const cat = (d: AnyNodeDefinition) => categoryOrder.indexOf(d.category);
  if (!q) return [...defs].sort((a, b) => cat(a) - cat(b) || compareText(a.title, b.title));
  return defs
    .map((d) => ({ d, s: score(d, q) }))
    .filter((x) => x.s >= 0)
    .sort((a, b) => a.s - b.s || compareText(a.d.title, b.d.title))
    .map((x) => x.d);
};

export const groupByCategory = (
  defs: readonly AnyNodeDefinition[],
): [NodeCategory, AnyNodeDefinition[]][] => {
  const groups = new Map<NodeCategory, AnyNodeDefinition[]>();
  for (const d of defs) {
    const g = groups.get(d.category) ?? [];
    g.push(d);
    groups.set(d.category, g);
  }
  return [...groups.entries()].sort(
    (a, b) => categoryOrder.indexOf(a[0]) - categoryOrder.indexOf(b[0]),
  );
};
