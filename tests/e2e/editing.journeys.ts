/// <reference types="node" />
// Editing safeguards: refused connections, undo of a delete, bad files, template drops.
import { writeFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import type { Page } from 'playwright-core';
import { expectThat, waitFor } from './harness';
import { dragConnect, edgeLabels, node, openFile, openTemplate, selectNode } from './ui';
import { shot, type Journey } from './journey';

export const cycleRefused: Journey = {
  name: 'a cycle is refused',
  run: async (env, page, log) => {
    await openTemplate(page, 'vq-vae');
    await waitFor(
      'edge labels',
      () => edgeLabels(page),
      (l) => l.length > 0,
    );
    const edgesBefore = await page.locator('.react-flow__edge').count();
    await dragConnect(page, { node: 'total', port: 'sum' }, { node: 'recon', port: 'target' });
    const t = await waitFor(
      'the refusal toast',
      async () => (await page.locator('.toast.error').allTextContents()).join(' '),
      (s) => /already fed|cycle/.test(s),
    );
    log(`second producer refused: "${t}"`);
    expectThat(
      (await page.locator('.react-flow__edge').count()) === edgesBefore,
      'no edge was added',
    );
    // Free the reconstruction target, then try again: now total (fed by recon) -> recon closes a loop.
    await cutEdge(page, 'recon', 'target');
    await dragConnect(page, { node: 'total', port: 'sum' }, { node: 'recon', port: 'target' });
    const c = await waitFor(
      'the cycle refusal',
      async () => (await page.locator('.toast.error').allTextContents()).join(' '),
      (s) => /cycle/.test(s),
    );
    log(`cycle refused: "${c.slice(c.indexOf('Connection refused: This would make a cycle'))}"`);
    expectThat(
      (await page.locator('.react-flow__edge').count()) === edgesBefore - 1,
      'the cycle edge was not added',
    );
    await shot(env, page, '04-cycle-refused.png');
  },
};

/** Selects the edge entering `target.port` (a click on that edge) and deletes it with the Delete key. */
const cutEdge = async (page: Page, target: string, port: string): Promise<void> => {
  const before = await page.locator('.react-flow__edge').count();
  await page
    .locator(`.react-flow__edge[data-target-port="${target}.${port}"]`)
    .dispatchEvent('click');
  await page.keyboard.press('Delete');
  await waitFor(
    `the edge into ${target}.${port} deleted`,
    () => page.locator('.react-flow__edge').count(),
    (n) => n === before - 1,
  );
};

export const undoRestoresDeleted: Journey = {
  name: 'undo restores a deleted node (and its edges)',
  run: async (_env, page, log) => {
    await openTemplate(page, 'vq-vae');
    await waitFor(
      'nodes',
      () => page.locator('.react-flow__node').count(),
      (n) => n > 0,
    );
    const nodes = await page.locator('.react-flow__node').count();
    const edges = await page.locator('.react-flow__edge').count();
    await selectNode(page, 'vq');
    await page.keyboard.press('Delete');
    await waitFor(
      'vq deleted',
      () => node(page, 'vq').count(),
      (n) => n === 0,
    );
    const edgesAfter = await page.locator('.react-flow__edge').count();
    expectThat(edgesAfter < edges, 'its edges went with it');
    const problems = await page.locator('.problem.sev-error').count();
    expectThat(problems > 0, 'deleting the quantizer leaves errors in Problems');
    // Clicking a problem selects its node (the inspector shows it).
    const first = page.locator('.problem.sev-error.clickable').first();
    const target = await first.getAttribute('data-node-id');
    await first.click();
    await waitFor(
      'the problem node selected',
      () => page.locator('.inspector .mono').first().textContent(),
      (t) => (t ?? '').endsWith(`· ${target}`),
    );
    expectThat(
      (await node(page, target!).getAttribute('class'))?.includes('selected') === true,
      'the node is selected on the canvas',
    );
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z');
    await waitFor(
      'vq restored',
      () => node(page, 'vq').count(),
      (n) => n === 1,
    );
    expectThat(
      (await page.locator('.react-flow__node').count()) === nodes &&
        (await page.locator('.react-flow__edge').count()) === edges,
      'all nodes and edges are back',
    );
    await waitFor(
      'no errors',
      () => page.locator('.problem.sev-error').count(),
      (n) => n === 0,
    );
    await page.keyboard.press('Control+Shift+z');
    await waitFor(
      'redo deletes again',
      () => node(page, 'vq').count(),
      (n) => n === 0,
    );
    log(
      `deleted vq (${edges} -> ${edgesAfter} edges, ${problems} errors; clicking the first problem selected ${target}), undo restored ${nodes} nodes / ${edges} edges, redo deleted it again`,
    );
  },
};

export const badFileShowsDiagnostics: Journey = {
  name: 'a bad file shows its diagnostics, never a blank canvas',
  run: async (env, page, log) => {
    await openTemplate(page, 'vq-vae');
    const nodes = await waitFor(
      'nodes',
      () => page.locator('.react-flow__node').count(),
      (n) => n > 0,
    );
    const broken = nodePath.join(env.projectsDir, 'broken.tessera.json');
    writeFileSync(broken, '{ "format": "tessera.project", "formatVersion": 1, "nodes": { "a": ');
    await openFile(page, broken);
    const text = await waitFor(
      'the file problem',
      async () => (await page.locator('[data-testid="file-problem"]').textContent()) ?? '',
      (s) => s.length > 0,
    );
    expectThat(/not valid JSON/.test(text), `the problem says the JSON is invalid: ${text}`);
    expectThat(
      (await page.locator('.react-flow__node').count()) === nodes,
      'the previous project is still on the canvas',
    );
    log(`invalid JSON: "${text.slice(0, 160)}…"`);
    const wrong = nodePath.join(env.projectsDir, 'wrong-shape.tessera.json');
    writeFileSync(
      wrong,
      JSON.stringify({
        format: 'tessera.project',
        formatVersion: 1,
        appVersion: '0.1.0',
        name: 7,
        nodes: [],
        edges: {},
        modules: {},
        training: {},
        previews: {},
      }),
    );
    await openFile(page, wrong);
    const t2 = await waitFor(
      'schema problems',
      async () => (await page.locator('[data-testid="file-problem"]').textContent()) ?? '',
      (s) => s.includes('wrong-shape'),
    );
    log(`schema errors: "${t2.slice(0, 200)}…"`);
    await shot(env, page, '05-bad-file-diagnostics.png');
  },
};

/** Monaco renders spaces as non-breaking spaces. */
export const templateDrop: Journey = {
  name: 'drag a template onto the canvas inserts its nodes (one undo step)',
  run: async (_env, page, log) => {
    await page.getByRole('button', { name: 'Templates' }).click();
    const before = await page.locator('.react-flow__node').count();
    await page
      .locator('.template-card[data-template-id="vq-vae"]')
      .dragTo(page.locator('.react-flow__pane'), { targetPosition: { x: 300, y: 200 } });
    const after = await waitFor(
      'the inserted nodes',
      () => page.locator('.react-flow__node').count(),
      (n) => n === before + 7,
    );
    await waitFor(
      'their edge labels',
      () => edgeLabels(page),
      (l) => l.includes('B x 7 x 7 x 16'),
    );
    await page.keyboard.press('Control+z');
    await waitFor(
      'one undo removes them all',
      () => page.locator('.react-flow__node').count(),
      (n) => n === before,
    );
    log(`dropped the VQ-VAE template: ${before} -> ${after} nodes; one undo -> ${before}`);
  },
};
