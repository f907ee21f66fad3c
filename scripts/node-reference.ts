// Renders the node reference (docs/nodes.md) from the node registry, so the docs cannot rot.
import type { AnyNodeDefinition } from '../core/node-contract/node-definition';
import type { ParamSpec } from '../core/node-contract/param-spec';
import type { PortSpec } from '../core/node-contract/port-spec';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

const describePort = (p: PortSpec): string => {
  const kind =
    p.kind === 'model'
      ? 'model handle'
      : `${p.dtype ?? 'float32'}${p.dims ? ` [${p.dims.join(', ')}]` : p.rank !== undefined ? ` rank ${p.rank}` : ''}`;
  const flags = [
    p.optional ? 'optional' : '',
    p.gradient && p.gradient !== 'flows' ? `gradient: ${p.gradient}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `| \`${p.name}\` | ${kind} | ${cell([flags, p.doc ?? ''].filter(Boolean).join('. '))} |`;
};

const describeRange = (s: ParamSpec): string => {
  switch (s.kind) {
    case 'int':
    case 'float':
      return s.min !== undefined || s.max !== undefined ? `${s.min ?? '−∞'} … ${s.max ?? '∞'}` : '';
    case 'enum':
      return s.options.join(', ');
    case 'intList':
      return s.min !== undefined || s.max !== undefined
        ? `entries ${s.min ?? '−∞'} … ${s.max ?? '∞'}`
        : '';
    default:
      return '';
  }
};

const describeParam = (name: string, s: ParamSpec): string =>
  `| \`${name}\` | ${s.kind} | \`${JSON.stringify(s.default)}\` | ${cell(describeRange(s))} | ${cell(s.doc)} |`;

const renderNode = (d: AnyNodeDefinition): string => {
  const lines = [
    `### ${d.title}`,
    '',
    `\`${d.id}\` · version ${d.version} · role ${d.role}`,
    '',
    cell(d.doc),
    '',
  ];
  if (d.paper) {
    const cite = d.paper.url ? `[${d.paper.citation}](${d.paper.url})` : d.paper.citation;
    lines.push(`Paper: ${cite}${d.paper.equation ? ` — ${cell(d.paper.equation)}` : ''}`, '');
  }
  for (const [title, ports] of [
    ['Inputs', d.inputs],
    ['Outputs', d.outputs],
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
  const params = Object.entries(d.params);
  if (params.length > 0)
    lines.push(
      '**Params**',
      '',
      '| param | kind | default | range | doc |',
      '|---|---|---|---|---|',
      ...params.map(([n, s]) => describeParam(n, s)),
      '',
    );
  return lines.join('\n');
};

export const renderNodeReference = (defs: readonly AnyNodeDefinition[]): string => {
  const byCategory = new Map<string, AnyNodeDefinition[]>();
  for (const d of [...defs].sort((a, b) => a.id.localeCompare(b.id))) {
    const list = byCategory.get(d.category) ?? [];
    list.push(d);
    byCategory.set(d.category, list);
  }
  const out = [
    '# Node reference',
    '',
    `Generated from the node registry by \`npm run docs:nodes\` — do not edit by hand. ${defs.length} node types.`,
    '',
  ];
  for (const [category, list] of [...byCategory.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`## ${category}`, '', ...list.map(renderNode));
  }
  return `${out.join('\n').trimEnd()}\n`;
};
