// The text form of `tessera nodes`: node types grouped by category, each a header line (id, title,
// version, role, legacy mark) over an aligned table of its ports and params.
import {
  groupCatalog,
  type CatalogNode,
  type CatalogParam,
  type CatalogPort,
} from '../../nodes/node-catalog';

/** Pads every column but the last to its widest cell; trailing spaces trimmed. */
export const alignColumns = (rows: readonly (readonly string[])[], indent = ''): string[] => {
  const widths: number[] = [];
  for (const r of rows)
    r.forEach((c, i) => {
      if (i < r.length - 1) widths[i] = Math.max(widths[i] ?? 0, c.length);
    });
  return rows.map((r) =>
    `${indent}${r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i] ?? 0) : c)).join('  ')}`.trimEnd(),
  );
};

const portType = (p: CatalogPort): string =>
  p.kind === 'model'
    ? 'model handle'
    : `${p.dtype ?? 'any'}${p.dims ? ` [${p.dims.join(', ')}]` : p.rank !== null ? ` rank ${p.rank}` : ''}`;

const portRow = (dir: 'in' | 'out', p: CatalogPort): string[] => [
  dir,
  p.name,
  portType(p),
  [
    p.optional ? 'optional' : '',
    p.kind === 'tensor' && p.gradient !== 'flows' ? `gradient: ${p.gradient}` : '',
  ]
    .filter(Boolean)
    .join(', '),
];

const paramRange = (p: CatalogParam): string => {
  if (p.options) return `one of ${p.options.join(', ')}`;
  if (p.min === null && p.max === null) return '';
  const range = `${p.min ?? '-inf'}..${p.max ?? 'inf'}`;
  return p.kind === 'intList' ? `entries ${range}` : range;
};

const paramRow = (p: CatalogParam): string[] => [
  'param',
  p.name,
  `${p.kind} = ${JSON.stringify(p.default)}`,
  paramRange(p),
  p.doc.replace(/\s+/g, ' ').trim(),
];

export const legacyMark = (n: CatalogNode): string =>
  n.legacy ? `  [legacy: use ${n.legacy.replacement} instead]` : '';

const nodeLines = (n: CatalogNode): string[] => {
  const ports = [
    ...n.inputs.map((p) => portRow('in', p)),
    ...n.outputs.map((p) => portRow('out', p)),
  ];
  return [
    `${n.id}  "${n.title}"  v${n.version}  ${n.role}${legacyMark(n)}`,
    ...alignColumns([...ports, ...n.params.map(paramRow)], '    '),
  ];
};

export const formatNodeCatalog = (nodes: readonly CatalogNode[]): string => {
  const out: string[] = [];
  for (const [category, list] of groupCatalog(nodes)) {
    out.push(`${category} (${list.length})`, '');
    for (const n of list) out.push(...nodeLines(n).map((l) => `  ${l}`), '');
  }
  const legacy = nodes.filter((n) => n.legacy).length;
  out.push(
    `${nodes.length} node type${nodes.length === 1 ? '' : 's'}${legacy > 0 ? `, ${legacy} legacy (hidden from the palette)` : ''}.`,
  );
  return `${out.join('\n')}\n`;
};
