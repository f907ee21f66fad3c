/// <reference types="node" />
// Modules: make one from a selection, share weights between instances, enter and exit, undo.
import { expectThat, waitFor } from './harness';
import { dragConnect, edgeLabels, node, openTemplate, selectNode, stableBox } from './ui';
import { shot, type Journey } from './journey';

export const modulesJourney: Journey = {
  name: 'modules: make a module, instances share weights (shown), enter and exit, undo',
  run: async (env, page, log) => {
    await openTemplate(page, 'vq-vae');
    await waitFor(
      'nodes',
      () => page.locator('.react-flow__node').count(),
      (n) => n === 7,
    );
    await selectNode(page, 'encoder');
    for (const id of ['vq', 'decoder'])
      await node(page, id)
        .locator('.tnode-head')
        .click({ modifiers: ['Control'] });
    await page.keyboard.press('Control+g'); // the name prompt is accepted with its default, "module"
    await waitFor(
      'the module instance',
      () => page.locator('[data-testid="module-info"]').count(),
      (n) => n === 1,
    );
    expectThat(
      (await page.locator('.react-flow__node').count()) === 5,
      'three nodes became one instance',
    );
    const labels = await waitFor(
      'labels through the instance',
      () => edgeLabels(page),
      (l) => l.includes('B x 28 x 28 x 1'),
    );
    expectThat(
      (await page.locator('.problem.sev-error').count()) === 0,
      'the project still compiles without errors',
    );
    log(`made module: 5 nodes on the top level, edges ${[...new Set(labels)].join(' | ')}`);
    await page.keyboard.press('Control+d');
    await waitFor(
      'a second instance sharing weights',
      () => page.locator('[data-testid="module-info"]').first().textContent(),
      (t) => /shared weights ×2/.test(t ?? ''),
    );
    log(
      `duplicated the instance: "${await page.locator('[data-testid="module-info"]').first().textContent()}"`,
    );
    // Move the copy below and feed it the same images: a second call of the same weights.
    const copy = page.locator('.react-flow__node[data-id="module-1-1"] .tnode-head');
    const b = (await stableBox(copy))!;
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2, b.y + 160, { steps: 8 });
    await page.mouse.up();
    await dragConnect(page, { node: 'data', port: 'image' }, { node: 'module-1-1', port: 'x' });
    await waitFor(
      'the copy is fed',
      () => page.locator('.problem.sev-error').count(),
      (n) => n === 0,
    );
    await shot(env, page, '10-module-instances.png');
    // Double-click the instance's header through its locator: Playwright waits until the element
    // stands still across animation frames and is the one hit (the canvas may still be settling;
    // a click at a box measured earlier once landed on the pane and opened quick-add instead).
    await page.locator('.react-flow__node[data-id="module-1"] .tnode-head').dblclick();
    await page.locator('[data-testid="breadcrumb"]').waitFor();
    const inside = await waitFor(
      'the module inside',
      () => edgeLabels(page),
      (l) => l.includes('B x 7 x 7 x 16'),
    );
    log(
      `inside the module: ${await page.locator('.react-flow__node').count()} nodes, labels ${[...new Set(inside)].join(' | ')}`,
    );
    await shot(env, page, '11-inside-module.png');
    await page.getByRole('button', { name: 'Exit module' }).click();
    await waitFor(
      'back on top',
      () => page.locator('.react-flow__node').count(),
      (n) => n === 6,
    );
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    for (let i = 0; i < 4; i++) await page.keyboard.press('Control+z'); // connect, move, duplicate, make module
    await waitFor(
      'the module undone',
      () => page.locator('.react-flow__node').count(),
      (n) => n === 7,
    );
    expectThat(
      (await page.locator('[data-testid="module-info"]').count()) === 0,
      'no instance left after undo',
    );
    log('four undos (connect, move, duplicate, make module) restored the original 7 nodes');
  },
};
