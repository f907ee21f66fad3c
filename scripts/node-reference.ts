// Renders the node reference (docs/nodes.md) from the node catalog (nodes/node-catalog.ts, the same
// data `tessera nodes --json` prints), so the docs cannot rot. Legacy node types come last, each
// marked with what to use instead.
import type { AnyNodeDefinition } from '../core/node-contract/node-definition';
import {
  groupCatalog,
  nodeCatalog,
  type CatalogNode,
  type CatalogParam,
  type CatalogPort,
} from '../nodes/node-catalog';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

const describePort = (p: CatalogPort): string => {
  const kind =
    p.kind === 'model'
      ? 'model handle'
      : `${p.dtype ?? 'any'}${p.dims ? ` [${p.dims.join(', ')}]` : p.rank !== null ? ` rank ${p.rank}` : ''}`;
  const flags = [
    p.optional ? 'optional' : '',
    p.kind === 'tensor' && p.gradient !== 'flows' ? `gradient: ${p.gradient}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `| \`${p.name}\` | ${kind} | ${cell([flags, p.doc ?? ''].filter(Boolean).join('. '))} |`;
};

const describeRange = (p: CatalogParam): string => {
  if (p.options) return p.options.join(', ');
  if (p.min === null && p.max === null) return '';
  const range = `${p.min ?? '−∞'} … ${p.max ?? '∞'}`;
  return p.kind === 'intList' ? `entries ${range}` : range;
};

const describeParam = (p: CatalogParam): string =>
  `| \`${p.name}\` | ${p.kind} | \`${JSON.stringify(p.default)}\` | ${cell(describeRange(p))} | ${cell(p.doc)} |`;

/** "Legacy — use X instead", naming X by title and id when it is a node type. */
export const legacyNote = (replacement: string, byId: ReadonlyMap<string, CatalogNode>): string => {
  const target = byId.get(replacement);
  return `Legacy — use ${target ? `${target.title} (\`${target.id}\`)` : replacement} instead.`;
};

const renderNode = (n: CatalogNode, byId: ReadonlyMap<string, CatalogNode>): string => {
  const lines = [`### ${n.title}`, '', `\`${n.id}\` · version ${n.version} · role ${n.role}`, ''];
  if (n.legacy) lines.push(`**${legacyNote(n.legacy.replacement, byId)}**`, '');
  lines.push(cell(n.doc), '');
  if (n.paper) {
    const cite = n.paper.url ? `[${n.paper.citation}](${n.paper.url})` : n.paper.citation;
    lines.push(`Paper: ${cite}${n.paper.equation ? ` — ${cell(n.paper.equation)}` : ''}`, '');
  }
  for (const [title, ports] of [
    ['Inputs', n.inputs],
    ['Outputs', n.outputs],
  ] as const) {
    if (ports.length === 0) continue;
    lines.push(
      `**${title}**`,
      '',
      '| port | type | notes |',
      '|---|---|---|',
      ...ports.map(describePort),
      '',
    );
  }
  if (n.params.length > 0)
    lines.push(
      '**Params**',
      '',
      '| param | kind | default | range | doc |',
      '|---|---|---|---|---|',
      ...n.params.map(describeParam),
      '',
    );
  return lines.join('\n');
};

export const renderNodeReference = (defs: readonly AnyNodeDefinition[]): string => {
  const catalog = nodeCatalog(defs);
  const byId = new Map(catalog.map((n) => [n.id, n]));
  const current = catalog.filter((n) => !n.legacy);
  const legacy = catalog.filter((n) => n.legacy);
  const out = [
    '# Node reference',
    '',
    `Generated from the node registry by \`npm run docs:nodes\` — do not edit by hand. ${defs.length} node types.`,
    '',
  ];
  for (const [category, list] of groupCatalog(current))
    out.push(`## ${category}`, '', ...list.map((n) => renderNode(n, byId)));
  if (legacy.length > 0)
    out.push(
      '## Legacy',
      '',
      'Coarse blocks kept so that older projects still open and train. They are hidden from the palette; each names what to use instead.',
      '',
      ...legacy.map((n) => renderNode(n, byId)),
    );
  return `${out.join('\n').trimEnd()}\n`;
};
