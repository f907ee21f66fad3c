/// <reference types="node" />
// The user journeys, asserting on what a person sees.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import type { Page } from 'playwright-core';
import { expectThat, waitFor, type Env } from './harness';
import {
  bottomTab,
  dragConnect,
  edgeLabels,
  node,
  openFile,
  openTemplate,
  selectNode,
  setParam,
  stableBox,
} from './ui';

export interface Journey {
  name: string;
  run(env: Env, page: Page, log: (m: string) => void): Promise<void>;
}

const shot = async (env: Env, page: Page, name: string): Promise<void> => {
  await page.screenshot({ path: nodePath.join(env.screenshotsDir, name) });
};

const lossText = (page: Page) => page.locator('[data-testid="loss-value"]').first().textContent();
const runState = (page: Page) => page.locator('[data-testid="run-state"]').textContent();

export const newUserJourney: Journey = {
  name: 'new user: template, shapes, edit, train, pause, stop, save, reopen, undo',
  run: async (env, page, log) => {
    await openTemplate(page, 'vq-vae');
    const labels = await waitFor(
      'edge labels',
      () => edgeLabels(page),
      (l) => l.includes('B x 7 x 7 x 16'),
    );
    log(`edge labels: ${[...new Set(labels)].join(' | ')}`);
    expectThat(labels.includes('B x 28 x 28 x 1'), 'the image edge shows B x 28 x 28 x 1');
    // The socket legend is a chip until clicked; open it for the picture.
    await page.getByTestId('socket-legend').locator('summary').click();
    const legend = await page.getByTestId('socket-legend').innerText();
    expectThat(
      /scalar \(loss, metric\)/.test(legend) && /model handle/.test(legend),
      'the legend names the socket kinds',
    );
    await shot(env, page, '01-vq-vae-template.png');
    await page.getByTestId('socket-legend').locator('summary').click();

    // Change a param and see the consequence at once: the encoder's code width flows to the edges.
    await selectNode(page, 'encoder');
    await setParam(page, 'outChannels', '32');
    await waitFor(
      'edge label after the edit',
      () => edgeLabels(page),
      (l) => l.includes('B x 7 x 7 x 32') && !l.includes('B x 7 x 7 x 16'),
    );
    log('outChannels 16 -> 32: encoder->vq edge now reads B x 7 x 7 x 32');
    expectThat(
      (await page.locator('[data-testid="dirty"]').count()) === 1,
      'the dirty marker shows after an edit',
    );
    await shot(env, page, '02-param-edit-inspector.png');

    // Train a few hundred tiny steps.
    await bottomTab(page, 'Training');
    await page.getByLabel('Steps').fill('400');
    await page.getByLabel('Batch size').fill('8');
    await page.getByRole('button', { name: '▶ Train' }).click();
    const first = await waitFor(
      'a loss value',
      () => lossText(page),
      (t) => !!t && t !== '—',
      60_000,
    );
    const second = await waitFor(
      'the loss value to update',
      () => lossText(page),
      (t) => !!t && t !== first,
      30_000,
    );
    log(`loss updated: ${first} -> ${second}`);
    await waitFor(
      'a preview image',
      () => page.locator('[data-testid="preview-image"]').count(),
      (n) => n > 0,
      60_000,
    );
    const src = await page.locator('[data-testid="preview-image"]').first().getAttribute('src');
    expectThat(
      !!src && src.startsWith('data:image/png;base64,') && src.length > 200,
      'the preview is a PNG image',
    );
    const atPreview = Number(await lossText(page));
    expectThat(
      atPreview < Number(first),
      `the loss fell by the first preview: ${first} -> ${atPreview}`,
    );
    log(
      `backend: ${await page.locator('[data-testid="backend"]').textContent()}; ${await page.locator('[data-testid="progress-text"]').textContent()}; loss ${first} at the first report -> ${atPreview} at the first preview`,
    );
    await shot(env, page, '03-training.png');

    await page.getByRole('button', { name: 'Pause' }).click();
    await waitFor(
      'paused',
      () => runState(page),
      (s) => s === 'paused',
    );
    const pausedAt = await page.locator('[data-testid="progress-text"]').textContent();
    await page.waitForTimeout(800);
    expectThat(
      (await page.locator('[data-testid="progress-text"]').textContent()) === pausedAt,
      'no progress while paused',
    );
    await page.getByRole('button', { name: 'Resume' }).click();
    await waitFor(
      'running again',
      () => runState(page),
      (s) => s === 'running',
    );
    await page.getByRole('button', { name: 'Stop' }).click();
    await waitFor(
      'stopped',
      () => runState(page),
      (s) => s === 'stopped' || s === 'finished',
      30_000,
    );
    log(`paused at "${pausedAt}", then resumed and stopped: ${await runState(page)}`);
    await waitFor(
      'a checkpoint in the list',
      () => page.locator('.checkpoints li').count(),
      (n) => n > 0,
      10_000,
    );
    const stoppedStep = Number(
      /step (\d+)/.exec(
        (await page.locator('[data-testid="progress-text"]').textContent()) ?? '',
      )?.[1],
    );
    // Resume from the checkpoint: the run continues after the step it stopped at.
    await page.locator('.checkpoints li button', { hasText: 'resume' }).first().click();
    const resumed = await waitFor(
      'the resumed run to report progress',
      () => page.locator('[data-testid="progress-text"]').textContent(),
      (t) => Number(/step (\d+)/.exec(t ?? '')?.[1]) > stoppedStep,
      60_000,
    );
    log(`stopped at step ${stoppedStep}; resumed from the checkpoint: ${resumed}`);
    await page.getByRole('button', { name: 'Stop' }).click();
    await waitFor(
      'stopped again',
      () => runState(page),
      (s) => s === 'stopped' || s === 'finished',
      30_000,
    );

    // Save, reopen, undo.
    await page.keyboard.press('Escape');
    const file = nodePath.join(env.projectsDir, 'my-vq-vae.tessera.json');
    await page.getByRole('button', { name: 'Save As…' }).click();
    await page.getByLabel('File path').fill(file);
    await page.getByRole('dialog').getByRole('button', { name: 'Save', exact: true }).click();
    await waitFor(
      'the dirty marker to clear',
      () => page.locator('[data-testid="dirty"]').count(),
      (n) => n === 0,
    );
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await waitFor(
      'an empty canvas',
      () => page.locator('.react-flow__node').count(),
      (n) => n === 0,
    );
    await openFile(page, file);
    await waitFor(
      'the saved project',
      () => edgeLabels(page),
      (l) => l.includes('B x 7 x 7 x 32'),
    );
    log(`reopened ${file}: the edit survived (B x 7 x 7 x 32)`);
    expectThat(
      (await page.locator('[data-testid="doc-name"]').textContent())?.includes(file) === true,
      'the title shows the file',
    );
    // Undo: reopening is not undoable, so edit then undo.
    await selectNode(page, 'encoder');
    await setParam(page, 'outChannels', '8');
    await waitFor(
      'edit',
      () => edgeLabels(page),
      (l) => l.includes('B x 7 x 7 x 8'),
    );
    await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await page.keyboard.press('Control+z');
    await waitFor(
      'undo',
      () => edgeLabels(page),
      (l) => l.includes('B x 7 x 7 x 32'),
    );
    await waitFor(
      'clean after undo',
      () => page.locator('[data-testid="dirty"]').count(),
      (n) => n === 0,
    );
    await page.keyboard.press('Control+z');
    expectThat(
      (await edgeLabels(page)).includes('B x 7 x 7 x 32'),
      'opening a file is not undoable',
    );
    log('undo restored B x 7 x 7 x 32 and the clean state; a second undo did not unload the file');
  },
};

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
const monacoText = async (page: Page): Promise<string> =>
  (
    (await page
      .locator('.monaco-editor .view-lines')
      .textContent()
      .catch(() => '')) ?? ''
  ).replace(/\u00a0/g, ' ');

export const studioTour: Journey = {
  name: 'tour: code panel (Monaco, local), quick-add with Tab, palette search, shortcuts help',
  run: async (env, page, log) => {
    await openTemplate(page, 'vq-vae');
    await waitFor(
      'nodes',
      () => page.locator('.react-flow__node').count(),
      (n) => n > 0,
    );
    await bottomTab(page, 'Code');
    const json = await waitFor(
      'Monaco showing the document JSON',
      () => monacoText(page),
      (t) => t.includes('tessera.project'),
      30_000,
    );
    log(`Monaco shows the document JSON (${json.length} chars visible)`);
    await shot(env, page, '06-code-json.png');
    await page.getByRole('button', { name: 'TypeScript export' }).click();
    await waitFor(
      'the exported TypeScript',
      () => monacoText(page),
      (t) => t.includes('standalone training program'),
      30_000,
    );
    log('TypeScript export shown in Monaco');
    await shot(env, page, '07-code-typescript.png');

    // Save export: a path outside the projects folder is refused, one inside writes NAME.ts + NAME.lib/.
    const exportStatus = () =>
      page
        .locator('[data-testid="export-status"]')
        .textContent()
        .then((t) => t ?? '');
    await page.getByRole('button', { name: 'Save export…' }).click();
    const suggested = await waitFor(
      'the suggested export path',
      () => page.getByLabel('Export file path').inputValue(),
      (v) => v.length > 0,
    );
    expectThat(
      suggested === nodePath.join(env.projectsDir, 'vq-vae-mnist.ts'),
      `the dialog suggests <project name>.ts in the projects folder: ${suggested}`,
    );
    await page
      .getByLabel('Export file path')
      .fill(nodePath.join(nodePath.dirname(env.projectsDir), 'outside.ts'));
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const refused = await waitFor(
      'the refusal',
      exportStatus,
      (t) => t.includes('Refusing'),
      30_000,
    );
    log(`outside the projects folder: "${refused.slice(0, 140)}…"`);
    const target = nodePath.join(env.projectsDir, 'export', 'model.ts');
    await page.getByRole('button', { name: 'Save export…' }).click();
    await page.getByLabel('Export file path').fill(target);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const saved = await waitFor(
      'the export message',
      exportStatus,
      (t) => t.includes(`Exported ${target}`),
      30_000,
    );
    expectThat(
      existsSync(target) && readFileSync(target, 'utf8').includes('standalone training program'),
      `${target} holds the program`,
    );
    expectThat(
      existsSync(nodePath.join(env.projectsDir, 'export', 'model.lib')),
      'model.lib/ is written beside it',
    );
    log(`Save export: "${saved.slice(0, 160)}"`);
    await shot(env, page, '07b-code-save-export.png');

    const count = await page.locator('.react-flow__node').count();
    const pane = await page.locator('.react-flow__pane').boundingBox();
    await page.mouse.move(pane!.x + 200, pane!.y + pane!.height - 120);
    await page.keyboard.press('Tab');
    await page.locator('.quick-add input').fill('gaussian');
    await page.keyboard.press('Enter');
    await waitFor(
      'the quick-added node',
      () => page.locator('.react-flow__node').count(),
      (n) => n === count + 1,
    );
    await page.mouse.dblclick(pane!.x + 420, pane!.y + pane!.height - 100);
    await page.locator('.quick-add input').fill('stop grad');
    await page.keyboard.press('Enter');
    await waitFor(
      'the double-click-added node',
      () => page.locator('.react-flow__node').count(),
      (n) => n === count + 2,
    );
    log(`Tab and double-click quick-add: ${count} -> ${count + 2} nodes`);
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await waitFor(
      'both undone',
      () => page.locator('.react-flow__node').count(),
      (n) => n === count,
    );

    await page.getByRole('button', { name: 'Nodes', exact: true }).click();
    await page.getByLabel('Search nodes').fill('quant');
    const items = await page.locator('.palette-item').allTextContents();
    expectThat(
      items.includes('Vector quantizer') || items.some((i) => /quantizer/i.test(i)),
      `palette search finds the quantizer: ${items.join(', ')}`,
    );
    log(`palette search "quant": ${items.join(', ')}`);
    await page.getByLabel('Search nodes').fill('');
    await shot(env, page, '08-palette.png');
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await shot(env, page, '09-shortcuts-help.png');
    await page.keyboard.press('Escape');
  },
};

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
    // Double-click the instance's header once it stands still (the canvas may still be settling).
    const head = await stableBox(page.locator('.react-flow__node[data-id="module-1"] .tnode-head'));
    if (!head) throw new Error('the module instance is not visible');
    await page.mouse.dblclick(head.x + head.width / 2, head.y + head.height / 2);
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

export const startUrlOpensTemplate: Journey = {
  name: 'the URL `tessera start` prints opens the VQ-VAE template',
  run: async (env, page) => {
    await page.goto(`${env.web.server.url}#template=vq-vae`);
    await waitFor(
      'the template',
      () => page.locator('.react-flow__node').count(),
      (n) => n === 7,
    );
    expectThat(
      (await page.locator('[data-testid="doc-name"]').textContent())?.includes('VQ-VAE') === true,
      'the title names the template',
    );
  },
};
