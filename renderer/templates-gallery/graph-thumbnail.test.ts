import { describe, expect, it } from 'vitest';
import type { TemplateOutline } from '../../core/ipc/contract';
import { nodeRegistry } from '../../nodes/registry';
import { templateOutline } from '../../core/templates/template-outline';
import dcgan from '../../templates/dcgan.json';
import oadtr from '../../templates/oadtr.json';
import vqVae from '../../templates/vq-vae.json';
import {
  categoryColors,
  graphThumbnail,
  thumbnailNodeSize,
  unknownCategoryColor,
  type ThumbnailBox,
} from './graph-thumbnail';

const categoryOf = (type: string) => nodeRegistry.get(type)?.category;

const inside = (b: ThumbnailBox, v: { x: number; y: number; width: number; height: number }) =>
  b.x >= v.x && b.y >= v.y && b.x + b.width <= v.x + v.width && b.y + b.height <= v.y + v.height;
const overlap = (a: ThumbnailBox, b: ThumbnailBox) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('the graph thumbnail of a template', () => {
  it('draws one box per top-level node, inside the view box, none overlapping', () => {
    for (const [name, doc] of [
      ['vq-vae', vqVae],
      ['dcgan', dcgan],
      ['oadtr', oadtr],
    ] as const) {
      const outline = templateOutline(doc);
      const t = graphThumbnail(outline, categoryOf);
      expect(
        t.boxes.map((b) => b.id),
        name,
      ).toEqual(Object.keys(doc.nodes));
      for (const b of t.boxes) expect(inside(b, t.viewBox), `${name} ${b.id}`).toBe(true);
      for (let i = 0; i < t.boxes.length; i++)
        for (const other of t.boxes.slice(i + 1))
          expect(overlap(t.boxes[i]!, other), `${name}: ${t.boxes[i]!.id} / ${other.id}`).toBe(
            false,
          );
      // The view box is tight: some box touches each side, less the padding.
      const v = t.viewBox;
      expect(Math.min(...t.boxes.map((b) => b.x)) - v.x).toBe(24);
      expect(v.x + v.width - Math.max(...t.boxes.map((b) => b.x + b.width))).toBe(24);
      expect(Math.min(...t.boxes.map((b) => b.y)) - v.y).toBe(24);
      expect(v.y + v.height - Math.max(...t.boxes.map((b) => b.y + b.height))).toBe(24);
    }
  });

  it('places boxes at the canvas positions and joins edges at box centres', () => {
    const t = graphThumbnail(templateOutline(vqVae), categoryOf);
    const enc = t.boxes.find((b) => b.id === 'encoder')!;
    expect([enc.x, enc.y]).toEqual([
      vqVae.nodes.encoder.position.x,
      vqVae.nodes.encoder.position.y,
    ]);
    expect([enc.width, enc.height]).toEqual([thumbnailNodeSize.width, thumbnailNodeSize.height]);
    expect(t.lines).toHaveLength(Object.keys(vqVae.edges).length);
    const data = t.boxes.find((b) => b.id === 'data')!;
    const line = t.lines.find((l) => l.from === 'data' && l.to === 'encoder')!;
    expect(line).toEqual({
      from: 'data',
      to: 'encoder',
      x1: data.x + 80,
      y1: data.y + 32,
      x2: enc.x + 80,
      y2: enc.y + 32,
    });
  });

  it('colours boxes by category as the canvas does, unknown types grey', () => {
    const t = graphThumbnail(templateOutline(vqVae), categoryOf);
    const color = (id: string) => t.boxes.find((b) => b.id === id)!.color;
    expect(color('data')).toBe('#9aa3ad');
    expect(color('encoder')).toBe('#4c8dff');
    expect(color('vq')).toBe('#b57cff');
    expect(color('adam')).toBe('#f2c94c');
    const odd: TemplateOutline = {
      nodes: [
        { id: 'a', type: 'no/such-node', x: 0, y: 0 },
        { id: 'b', type: 'toString', x: 300, y: 0 },
      ],
      edges: [
        { from: 'a', to: 'b' },
        { from: 'a', to: 'gone' },
      ],
    };
    const o = graphThumbnail(odd, (type) => (type === 'toString' ? 'constructor' : undefined));
    expect(o.boxes.map((b) => b.color)).toEqual([unknownCategoryColor, unknownCategoryColor]);
    expect(o.lines).toHaveLength(1);
    // Every category a node of the library has gets its own colour.
    for (const def of nodeRegistry.all()) expect(categoryColors[def.category], def.id).toBeTruthy();
  });

  it('an empty graph has a view box of one box and nothing in it', () => {
    const t = graphThumbnail({ nodes: [], edges: [] }, categoryOf);
    expect(t.boxes).toEqual([]);
    expect(t.viewBox.width).toBeGreaterThan(0);
    expect(t.viewBox.height).toBeGreaterThan(0);
  });
});
