// The gallery's thumbnail of a template's graph, drawn from its canvas layout: one rounded box
// per top-level node at its position (in canvas units, a fixed box smaller than any node the
// canvas draws, so boxes keep the canvas's spacing), coloured by its node category as the
// canvas's header stripes are, and one line per edge between the boxes' centres. Pure: the SVG
// component only draws what this returns.
import type { TemplateOutline } from '../../core/ipc/contract';
import type { NodeCategory } from '../../core/node-contract/node-definition';

/** The box drawn per node, in canvas units (nodes on the canvas are at least 140 px wide). */
export const thumbnailNodeSize = { width: 160, height: 64 } as const;
/** Space around the graph inside the view box, in canvas units. */
export const thumbnailPadding = 24;

/** Category -> colour: the canvas's header stripes (renderer/styles.css .cat-*), then the rest. */
export const categoryColors: Readonly<Record<NodeCategory, string>> = {
  data: '#9aa3ad',
  encode: '#4c8dff',
  decode: '#2bb5c9',
  quantize: '#b57cff',
  attention: '#3ec27a',
  transformer: '#3ec27a',
  gan: '#ff8f5a',
  loss: '#ff6b6b',
  optimize: '#f2c94c',
  sample: '#e07be0',
  metric: '#e07be0',
  diffusion: '#7be0c0',
  autoregressive: '#c0e07b',
  math: '#aaaaaa',
  module: '#aaaaaa',
  layers: '#6fa8dc',
  activation: '#d9a0c8',
  blocks: '#8aa4ff',
  normalization: '#8fb3c9',
  resample: '#5fb0b7',
  shape: '#9a8fc9',
  position: '#76c7a1',
  detection: '#e0a95b',
};
/** A node whose type the registry does not know. */
export const unknownCategoryColor = '#5c6570';

export interface ThumbnailBox {
  id: string;
  category: string;
  color: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ThumbnailLine {
  from: string;
  to: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface GraphThumbnail {
  viewBox: { x: number; y: number; width: number; height: number };
  boxes: ThumbnailBox[];
  lines: ThumbnailLine[];
}

export const graphThumbnail = (
  outline: TemplateOutline,
  categoryOf: (typeId: string) => string | undefined,
): GraphThumbnail => {
  const { width, height } = thumbnailNodeSize;
  const boxes: ThumbnailBox[] = outline.nodes.map((n) => {
    const category = categoryOf(n.type) ?? 'unknown';
    return {
      id: n.id,
      category,
      color: Object.hasOwn(categoryColors, category)
        ? categoryColors[category as NodeCategory]
        : unknownCategoryColor,
      x: n.x,
      y: n.y,
      width,
      height,
    };
  });
  const byId = new Map(boxes.map((b) => [b.id, b]));
  const lines: ThumbnailLine[] = [];
  for (const e of outline.edges) {
    const a = byId.get(e.from);
    const b = byId.get(e.to);
    if (!a || !b) continue;
    lines.push({
      from: e.from,
      to: e.to,
      x1: a.x + a.width / 2,
      y1: a.y + a.height / 2,
      x2: b.x + b.width / 2,
      y2: b.y + b.height / 2,
    });
  }
  if (boxes.length === 0) return { viewBox: { x: 0, y: 0, width, height }, boxes, lines };
  const minX = Math.min(...boxes.map((b) => b.x));
  const minY = Math.min(...boxes.map((b) => b.y));
  const maxX = Math.max(...boxes.map((b) => b.x + b.width));
  const maxY = Math.max(...boxes.map((b) => b.y + b.height));
  const p = thumbnailPadding;
  return {
    viewBox: { x: minX - p, y: minY - p, width: maxX - minX + 2 * p, height: maxY - minY + 2 * p },
    boxes,
    lines,
  };
};
