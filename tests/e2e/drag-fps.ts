/// <reference types="node" />
// Benchmark (not a pass/fail timing): frames per second while dragging a node on a
// 200-node canvas, measured with requestAnimationFrame in Chromium.
import { writeFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { createEmptyDocument } from '../../core/document/create-empty-document';
import type { Journey } from './journeys';
import { openFile } from './ui';
import { expectThat, waitFor } from './harness';

export const bigDocument = (n: number) => {
  const doc = createEmptyDocument(`${n} nodes`);
  const per = 20;
  for (let i = 0; i < n; i++) {
    const id = `n${i}`;
    const type = i % per === 0 ? 'data/mnist' : 'math/stop-gradient';
    doc.nodes[id] = {
      id,
      type,
      typeVersion: 1,
      params: type === 'data/mnist' ? { binarize: false, normalize: '0..1' } : {},
      position: { x: (i % per) * 220, y: Math.floor(i / per) * 120 },
    };
    if (i % per !== 0) {
      const src =
        i % per === 1 ? { node: `n${i - 1}`, port: 'image' } : { node: `n${i - 1}`, port: 'y' };
      const eid = `${src.node}.${src.port}->${id}.x`;
      doc.edges[eid] = { id: eid, source: src, target: { node: id, port: 'x' } };
    }
  }
  return doc;
};

export const dragFpsJourney: Journey = {
  name: 'benchmark: drag fps on a 200-node canvas',
  run: async (env, page, log) => {
    const file = nodePath.join(env.projectsDir, 'big-200.tessera.json');
    writeFileSync(file, JSON.stringify(bigDocument(200)));
    await openFile(page, file);
    await waitFor(
      '200 nodes',
      () => page.locator('.react-flow__node').count(),
      (n) => n >= 100,
      20_000,
    );
    await page.getByRole('button', { name: 'Fit View' }).click();
    await page.waitForTimeout(500);
    const rendered = await page.locator('.react-flow__node').count();
    const compileMs = await page
      .locator('.problems .muted')
      .first()
      .textContent()
      .catch(() => '');
    const target = page.locator('.react-flow__node[data-id="n105"] .tnode-head');
    const box = await target.boundingBox();
    expectThat(box !== null, 'node n105 is visible');
    const { x, y } = { x: box!.x + box!.width / 2, y: box!.y + box!.height / 2 };
    // A string, not a function: the TypeScript loader's helpers do not exist in the page.
    await page.evaluate(`(() => {
      window.__frames = [];
      window.__stop = false;
      const tick = (t) => { window.__frames.push(t); if (!window.__stop) requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
    const styleOf = async () =>
      /translate\([^)]*\)/.exec(
        (await page.locator('.react-flow__node[data-id="n105"]').getAttribute('style')) ?? '',
      )?.[0];
    const before = await styleOf();
    await page.mouse.move(x, y);
    await page.mouse.down();
    const t0 = Date.now();
    for (let i = 0; i < 120; i++)
      await page.mouse.move(x + Math.sin(i / 10) * 200, y + i, { steps: 1 });
    await page.mouse.up();
    const wall = (Date.now() - t0) / 1000;
    const frames = (await page.evaluate(
      '(() => { window.__stop = true; return window.__frames; })()',
    )) as number[];
    const span = ((frames[frames.length - 1] ?? 0) - (frames[0] ?? 0)) / 1000;
    const gaps = frames
      .slice(1)
      .map((f, i) => f - (frames[i] ?? f))
      .sort((a, b) => a - b);
    const p95 = gaps[Math.floor(gaps.length * 0.95)] ?? 0;
    const fps = (frames.length - 1) / Math.max(span, 1e-6);
    log(
      `${rendered} nodes rendered of 200; ${compileMs}; 120 pointer moves in ${wall.toFixed(2)} s; ${frames.length} frames -> ${fps.toFixed(1)} fps, p95 frame gap ${p95.toFixed(1)} ms (headless Chromium, software rendering)`,
    );
    const after = await styleOf();
    expectThat(after !== before, 'the node moved');
    // The whole drag is one undo step.
    await page.keyboard.press('Control+z');
    await waitFor('the drag undone in one step', styleOf, (s) => s === before);
  },
};

export const compile500Journey: Journey = {
  name: 'benchmark: validation + shape inference per edit on a 500-node graph, in the browser',
  run: async (env, page, log) => {
    const file = nodePath.join(env.projectsDir, 'big-500.tessera.json');
    writeFileSync(file, JSON.stringify(bigDocument(500)));
    await openFile(page, file);
    await waitFor(
      '500 nodes',
      () => page.locator('.react-flow__node').count(),
      (n) => n >= 100,
      30_000,
    );
    await page.locator('.react-flow__node[data-id="n0"] .tnode-head').click();
    const times: number[] = [];
    for (let i = 0; i < 8; i++) {
      await page.locator('.inspector .param[data-param="binarize"] input[type=checkbox]').click();
      const t = await waitFor(
        'the compile time',
        () => page.locator('.problems .muted').first().textContent(),
        (x) => /Compiled in/.test(x ?? ''),
      );
      times.push(Number(/([\d.]+) ms/.exec(t ?? '')?.[1]));
    }
    const sorted = [...times].sort((a, b) => a - b);
    log(
      `500 nodes, 8 param edits: compile + view ${times.map((t) => t.toFixed(1)).join(', ')} ms (median ${sorted[4]?.toFixed(1)} ms)`,
    );
  },
};
