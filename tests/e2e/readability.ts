/// <reference types="node" />
// What a person can read on the canvas: the edge labels' on-screen font size, and whether a
// label covers a node or another label (bounding boxes on screen).
import type { Page } from 'playwright-core';

export interface LabelBox {
  text: string;
  edge: string;
  px: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Every edge label with its on-screen font size (CSS size times the canvas zoom) and box. */
export const labelBoxes = (page: Page): Promise<LabelBox[]> =>
  page.locator('.edge-label').evaluateAll((els) =>
    els.map((el) => {
      const e = el as HTMLElement;
      const r = e.getBoundingClientRect();
      const zoom = e.offsetHeight > 0 ? r.height / e.offsetHeight : 1;
      return {
        text: e.textContent ?? '',
        edge: e.dataset.edgeId ?? '',
        px: parseFloat(getComputedStyle(e).fontSize) * zoom,
        x: r.x,
        y: r.y,
        width: r.width,
        height: r.height,
      };
    }),
  );

export const nodeBoxes = (
  page: Page,
): Promise<{ id: string; x: number; y: number; width: number; height: number }[]> =>
  page.locator('.react-flow__node').evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return {
        id: (el as HTMLElement).dataset.id ?? '',
        x: r.x,
        y: r.y,
        width: r.width,
        height: r.height,
      };
    }),
  );

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** What a person would see covered: "label (edge) over node" and "label over label". */
export const coveredLabels = async (page: Page): Promise<string[]> => {
  const labels = await labelBoxes(page);
  const nodes = await nodeBoxes(page);
  const out: string[] = [];
  labels.forEach((l, i) => {
    for (const n of nodes)
      if (overlap(l, n)) out.push(`"${l.text}" (${l.edge}) covers node ${n.id}`);
    for (const m of labels.slice(i + 1))
      if (overlap(l, m)) out.push(`"${l.text}" (${l.edge}) covers "${m.text}" (${m.edge})`);
  });
  return out;
};
