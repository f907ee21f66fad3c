/// <reference types="node" />
// Between Train and the first loss, the training panel says what the run is doing and for how
// long ("kernel preflight (3 of 4 node types) · 1.2 s"), readable, covering nothing, the time
// moving on; the line goes once the first step reports. NADE: its first step (batch 64) takes
// seconds on this machine, so the wait is long enough to watch.
import type { Page } from 'playwright-core';
import { expectThat, waitFor } from './harness';
import { shot, type Journey } from './journey';
import { bottomTab, openTemplate } from './ui';

const PHASE =
  /^(starting the training thread|selecting backend \(\w+\)|checking the graph \(\d+ nodes\)|building model \(\d+ layers\)|kernel preflight \(\d+ of \d+ node types\)|compiling first step) · (\d+\.\d) s$/;

interface Sample {
  atMs: number;
  phase: string | null;
  progress: string;
  fontPx: number;
  box: { x: number; y: number; width: number; height: number } | null;
  /** Other things in the run column the phase line overlaps (their test ids or classes). */
  covers: string[];
  insideViewport: boolean;
}

const sample = (page: Page, t0: number): Promise<Sample> =>
  page.evaluate((t0) => {
    const el = document.querySelector('[data-testid="start-phase"]') as HTMLElement | null;
    const progress = document.querySelector('[data-testid="progress-text"]')?.textContent ?? '';
    const r = el?.getBoundingClientRect();
    const covers: string[] = [];
    if (el && r) {
      const others = document.querySelectorAll(
        '.train-side button, .train-side input, .train-side .progress-bar, .train-side [data-testid]',
      );
      for (const o of Array.from(others)) {
        if (o === el || el.contains(o)) continue;
        const b = o.getBoundingClientRect();
        if (b.width === 0 || b.height === 0) continue;
        if (
          r.x < b.x + b.width &&
          b.x < r.x + r.width &&
          r.y < b.y + b.height &&
          b.y < r.y + r.height
        )
          covers.push((o as HTMLElement).dataset.testid ?? o.className ?? o.tagName);
      }
    }
    return {
      atMs: Date.now() - t0,
      phase: el?.textContent ?? null,
      progress,
      fontPx: el ? parseFloat(getComputedStyle(el).fontSize) : 0,
      box: r ? { x: r.x, y: r.y, width: r.width, height: r.height } : null,
      covers,
      insideViewport:
        !!r &&
        r.width > 0 &&
        r.height > 0 &&
        r.x >= 0 &&
        r.y >= 0 &&
        r.x + r.width <= window.innerWidth &&
        r.y + r.height <= window.innerHeight,
    };
  }, t0);

export const startPhasesJourney: Journey = {
  name: 'start phases: what the run is doing before its first step, with the time, readable',
  run: async (env, page, log) => {
    await openTemplate(page, 'nade');
    await bottomTab(page, 'Training');
    const t0 = Date.now();
    await page.getByRole('button', { name: '▶ Train' }).click();
    const samples: Sample[] = [];
    let shotTaken = false;
    await waitFor(
      'the first step',
      async () => {
        const s = await sample(page, t0);
        samples.push(s);
        if (!shotTaken && s.phase && /first step|preflight/.test(s.phase)) {
          shotTaken = true;
          await shot(env, page, 'start-phase.png');
        }
        return s.progress;
      },
      (p) => /^step [1-9]/.test(p),
      180_000,
    );
    const before = samples.filter((s) => /^step 0 /.test(s.progress) && s.phase !== null);
    expectThat(
      before.length >= 2,
      `the phase line shows before the first loss (${before.length} samples of ${samples.length})`,
    );
    for (const s of before) {
      expectThat(PHASE.test(s.phase ?? ''), `a phase and its time: "${s.phase}"`);
      expectThat(s.fontPx >= 12, `readable: ${s.fontPx} px for "${s.phase}"`);
      expectThat(s.insideViewport, `on screen: ${JSON.stringify(s.box)} for "${s.phase}"`);
      expectThat(s.covers.length === 0, `covers nothing: "${s.phase}" over ${s.covers.join(', ')}`);
    }
    // Never frozen: the seconds shown go up with the time waited.
    const secs = before.map((s) => Number(PHASE.exec(s.phase ?? '')?.[2]));
    const first = before[0] as Sample;
    const last = before.at(-1) as Sample;
    if (last.atMs - first.atMs >= 1_000)
      expectThat(
        (secs.at(-1) as number) - (secs[0] as number) >= 0.5,
        `the time moves on: ${secs[0]} s at ${first.atMs} ms, ${secs.at(-1)} s at ${last.atMs} ms`,
      );
    expectThat(
      secs.every((v, i) => i === 0 || v >= (secs[i - 1] as number)),
      `the time never goes back: ${secs.join(', ')}`,
    );
    // Gone once the first step has reported.
    await waitFor(
      'the phase line gone',
      async () => (await sample(page, t0)).phase,
      (p) => p === null,
      5_000,
    );
    const seen = [...new Set(before.map((s) => (s.phase ?? '').replace(/ · .*$/, '')))];
    await page.getByRole('button', { name: 'Stop' }).click();
    await waitFor(
      'stopped',
      async () => (await page.locator('[data-testid="run-state"]').textContent()) ?? '',
      (s) => s === 'stopped',
      60_000,
    );
    log(
      `${before.length} samples before the first loss over ${last.atMs - first.atMs} ms (${first.fontPx} px): ${seen.join(' → ')}; last "${last.phase}"; first step at ${samples.at(-1)?.atMs} ms`,
    );
  },
};
