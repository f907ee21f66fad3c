// Procedural detection scenes, pure and seeded: a dark S x S RGB canvas with 1..N solid shapes
// (circle, square, triangle, diamond) of random sizes and colours whose boxes never overlap, each
// with its class and its tight box (the extent of the pixels drawn for it), normalised to [0, 1].
// A scene depends only on (seed, split, index), so any image of either split can be redrawn.
// s side in pixels; boxes [cx, cy, w, h] (or [x0, y0, x1, y1]); labels 0..classes-1.
import { mulberry32, randIntInclusive } from '../../shared/seeded-random';
import type { BoxFormat } from '../shared/box-ops';

export const SHAPE_CLASSES = ['circle', 'square', 'triangle', 'diamond'] as const;

export interface SceneOptions {
  size: number;
  minObjects: number;
  maxObjects: number;
  /** Number of shape classes used, the first `classes` of SHAPE_CLASSES. */
  classes: number;
  /** Side of a shape in pixels, inclusive range. */
  minSide: number;
  maxSide: number;
  seed: number;
  boxFormat: BoxFormat;
}

export interface SceneObject {
  label: number;
  /** Normalised box in the chosen format. */
  box: [number, number, number, number];
  /** Pixel box, inclusive: the pixels drawn for the object lie in [px0..px1] x [py0..py1]. */
  pixels: { x0: number; y0: number; x1: number; y1: number };
}

export interface Scene {
  /** size x size x 3, row-major, in [0, 1]. */
  image: Float32Array;
  objects: SceneObject[];
  /** For each pixel, the index of the object drawn there, or -1 for background. */
  owner: Int16Array;
}

/** Whether pixel centre (u, v), in units of the shape's side (0..1 across its square), is inside. */
const inside = (cls: number, u: number, v: number): boolean => {
  switch (SHAPE_CLASSES[cls]) {
    case 'circle':
      return (u - 0.5) ** 2 + (v - 0.5) ** 2 <= 0.25;
    case 'square':
      return true;
    case 'triangle': // apex up, base at the bottom
      return Math.abs(u - 0.5) <= v / 2;
    default: // diamond
      return Math.abs(u - 0.5) + Math.abs(v - 0.5) <= 0.5;
  }
};

const SPLIT_SALT = { train: 0x9e3779b1, test: 0x85ebca77 } as const;

/** The seed of image `index` of a split: a 32-bit hash of (seed, split, index). */
export const sceneSeed = (seed: number, split: 'train' | 'test', index: number): number => {
  let h = (seed ^ SPLIT_SALT[split]) >>> 0;
  h = Math.imul(h ^ (index + 0x632be5ab), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
};

const disjoint = (a: SceneObject['pixels'], b: SceneObject['pixels']): boolean =>
  a.x1 < b.x0 - 1 || b.x1 < a.x0 - 1 || a.y1 < b.y0 - 1 || b.y1 < a.y0 - 1;

export const drawScene = (o: SceneOptions, split: 'train' | 'test', index: number): Scene => {
  const next = mulberry32(sceneSeed(o.seed, split, index));
  const s = o.size;
  const image = new Float32Array(s * s * 3);
  const owner = new Int16Array(s * s).fill(-1);
  const bg = [next() * 0.2, next() * 0.2, next() * 0.2];
  for (let p = 0; p < s * s; p++) for (let c = 0; c < 3; c++) image[p * 3 + c] = bg[c]!;
  const wanted = randIntInclusive(next, o.minObjects, o.maxObjects);
  const objects: SceneObject[] = [];
  for (let tries = 0; objects.length < wanted && tries < 200; tries++) {
    const side = randIntInclusive(next, o.minSide, Math.min(o.maxSide, s));
    const x0 = randIntInclusive(next, 0, s - side);
    const y0 = randIntInclusive(next, 0, s - side);
    const label = randIntInclusive(next, 0, o.classes - 1);
    const colour = [0.45 + 0.55 * next(), 0.45 + 0.55 * next(), 0.45 + 0.55 * next()];
    const frame = { x0, y0, x1: x0 + side - 1, y1: y0 + side - 1 };
    if (!objects.every((ob) => disjoint(ob.pixels, frame))) continue;
    let px0 = s;
    let py0 = s;
    let px1 = -1;
    let py1 = -1;
    for (let y = y0; y < y0 + side; y++)
      for (let x = x0; x < x0 + side; x++) {
        if (!inside(label, (x - x0 + 0.5) / side, (y - y0 + 0.5) / side)) continue;
        const p = y * s + x;
        owner[p] = objects.length;
        for (let c = 0; c < 3; c++) image[p * 3 + c] = colour[c]!;
        px0 = Math.min(px0, x);
        py0 = Math.min(py0, y);
        px1 = Math.max(px1, x);
        py1 = Math.max(py1, y);
      }
    const [bx0, by0, bx1, by1] = [px0 / s, py0 / s, (px1 + 1) / s, (py1 + 1) / s];
    const box: SceneObject['box'] =
      o.boxFormat === 'xyxy'
        ? [bx0, by0, bx1, by1]
        : [(bx0 + bx1) / 2, (by0 + by1) / 2, bx1 - bx0, by1 - by0];
    objects.push({ label, box, pixels: { x0: px0, y0: py0, x1: px1, y1: py1 } });
  }
  return { image, objects, owner };
};
