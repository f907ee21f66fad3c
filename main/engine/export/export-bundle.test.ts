// Trained artifacts: a DCGAN generator trained two steps by the app becomes an inference
// bundle; Node and Chromium (via playwright-core, the system browser) load it and produce the
// generator's output for the same weights and noise.
import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as tfjs from '@tensorflow/tfjs';
import { chromium } from 'playwright-core';
import { findChromium } from '../../../tests/e2e/find-browser';
import { initBackend } from '../backend/select-backend';
import { compileDocument } from '../../../core/graph/compile';
import { nodeRegistry } from '../../../nodes/registry';
import { createDataProvider, createShapeEnv } from '../data/data-provider';
import { buildProgram } from '../build/build-program';
import { Trainer } from '../train/trainer';
import { checkpointPath, saveCheckpoint } from '../train/checkpoint';
import { exportInferenceBundle, exportWeights } from './export-bundle';
import { loadWeights } from './runtime/weights-io';
import { readTemplate, withBatch } from './testing/export-fixture';

let tf: typeof tfjs;
beforeAll(async () => {
  tf = (await initBackend({ backend: 'wasm' })).tf;
});

interface BundleModule {
  moduleInputs: Record<string, { shape: (number | string)[] }>;
  loadModel(
    tf: typeof tfjs,
    w: Record<string, tfjs.Tensor>,
  ): Promise<{ run(i: Record<string, tfjs.Tensor>): Record<string, tfjs.Tensor> }>;
}

describe('inference bundle', () => {
  it('exports the trained DCGAN generator; Node and Chromium reproduce the app output', async () => {
    const doc = withBatch(readTemplate('dcgan'), 4);
    const compiled = compileDocument(doc, nodeRegistry, createShapeEnv());
    const program = compiled.program!;
    const built = await buildProgram(tf, program, {
      data: createDataProvider(),
      seed: program.training.seed,
    });
    const trainer = new Trainer(built, { steps: 2 });
    while (!trainer.done) trainer.runStep();
    const dir = mkdtempSync(path.join(tmpdir(), 'tessera-bundle-test-'));
    const { tensors, temporaries } = trainer.checkpointTensors();
    const ckpt = await saveCheckpoint(checkpointPath(path.join(dir, 'ckpt'), 2), tensors, {
      runId: 't',
      documentName: 'dcgan',
      step: 2,
      stageIndex: 0,
      rngState: trainer.rng.getState(),
      losses: {},
    });
    tf.dispose(temporaries);

    // All trained weights, in tfjs's layout.
    const names = await exportWeights(ckpt, path.join(dir, 'weights'));
    expect(names.some((n) => n.startsWith('generator/'))).toBe(true);
    expect(names.some((n) => n.startsWith('critic/'))).toBe(true);

    const out = path.join(dir, 'bundle');
    const r = await exportInferenceBundle(doc, ckpt, out, 'generator');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const f of r.files) expect(existsSync(path.join(out, f)), f).toBe(true);
    expect(readFileSync(path.join(out, 'model.js'), 'utf8')).not.toMatch(/from ["']@tensorflow/);

    // The app's generator output for seeded noise: the module's layers (a chain) applied in
    // order with the trained weights.
    const gen = program.modules['generator']!;
    const layerIds = gen.order.filter((id) => !gen.nodes[id]!.type.startsWith('module/'));
    const bundle = (await import(pathToFileURL(path.join(out, 'model.js')).href)) as BundleModule;
    const [inputName, inputType] = Object.entries(bundle.moduleInputs)[0]!;
    const shape = inputType.shape.map((d, i) => (i === 0 ? 4 : typeof d === 'number' ? d : 1));
    const z = tf.randomNormal(shape, 0, 1, 'float32', 42);
    const ctx = {
      training: false,
      step: 0,
      batchSize: 4,
      split: 'test' as const,
      rng: trainer.rng,
      handles: {},
    };
    let appOut: tfjs.Tensor = z;
    for (const id of layerIds) {
      const port = Object.keys(gen.nodes[id]!.inputs)[0]!;
      const layer = built.shared.get('generator')!.layers.get(id)!;
      appOut = Object.values(layer.apply({ [port]: appOut }, ctx))[0]!;
    }
    expect(appOut.rank).toBe(4);
    const expected = Array.from(appOut.dataSync());
    const appMean = appOut.mean().dataSync()[0]!;

    // Node: load model.js with the bundle's weights files.
    const { weights } = await loadWeights(tf, out);
    const model = await bundle.loadModel(tf, weights);
    const nodeOut = Object.values(model.run({ [inputName]: z })).find((t) => t.rank === 4)!;
    const got = Array.from(nodeOut.dataSync());
    expect(got.length).toBe(expected.length);
    expect(Math.max(...got.map((v, i) => Math.abs(v - expected[i]!)))).toBeLessThan(1e-5);
    expect(Math.max(...got) - Math.min(...got)).toBeGreaterThan(0.01);

    // Chromium: the page loads tf.min.js, model.js and the weights over http and draws a grid.
    const server = createServer((req, res) => {
      const file = path.join(
        out,
        decodeURIComponent((req.url ?? '/').split('?')[0]!).replace(/^\/+/, '') || 'index.html',
      );
      if (!file.startsWith(out) || !existsSync(file)) return void res.writeHead(404).end();
      const type = file.endsWith('.js')
        ? 'text/javascript'
        : file.endsWith('.json')
          ? 'application/json'
          : file.endsWith('.html')
            ? 'text/html'
            : 'application/octet-stream';
      res.writeHead(200, { 'content-type': type }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const browser = await chromium.launch({
      executablePath: (await findChromium()).executablePath,
      args: ['--no-sandbox'],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(
        `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html?backend=cpu&batch=4`,
      );
      await page.waitForFunction(
        () => (globalThis as unknown as { tesseraResult?: unknown }).tesseraResult !== undefined,
        undefined,
        { timeout: 60_000 },
      );
      const result = await page.evaluate(
        () =>
          (
            globalThis as unknown as {
              tesseraResult: { shape: number[]; mean: number; backend: string };
            }
          ).tesseraResult,
      );
      expect(errors).toEqual([]);
      expect(result.shape).toEqual(appOut.shape);
      expect(Math.abs(result.mean - appMean) / Math.max(Math.abs(appMean), 1e-6)).toBeLessThan(
        1e-4,
      );
    } finally {
      await browser.close();
      server.close();
      built.dispose();
    }
  }, 300_000);
});
