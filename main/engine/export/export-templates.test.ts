// Every template exports to a program that compiles under `tsc --strict`, and the exported
// program reproduces the app trainer's losses (same seed, data and backend).
import { describe, it, expect, beforeAll } from 'vitest';
import { appendFileSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { initBackend } from '../backend/select-backend';
import { compileDocument } from '../../../core/graph/compile';
import { nodeRegistry } from '../../../nodes/registry';
import { createDataProvider, createShapeEnv } from '../data/data-provider';
import { buildProgram } from '../build/build-program';
import { Trainer } from '../train/trainer';
import { checkpointPath, saveCheckpoint } from '../train/checkpoint';
import { collectSources, tesseraRoot } from './collect-sources';
import { writeExportFiles } from './write-export';
import { exportInference } from '../../../core/codegen/export-inference';
import { supportTsconfig } from '../../../core/codegen/export-program';
import {
  exportToTemp,
  readTemplate,
  runExport,
  typecheck,
  withBatch,
} from './testing/export-fixture';
import { appLosses, lossMismatches, type StepLosses } from './testing/app-losses';
import { checkedByOwnTest, exportCheckCases } from './testing/export-check-cases';

const templates = readdirSync(path.join(tesseraRoot(), 'templates'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();

const expectClose = (a: StepLosses[], b: StepLosses[]): void => {
  expect(lossMismatches(a, b)).toEqual([]);
};

describe('every template exports', () => {
  it(`compiles under tsc --strict, with every module's inference entry (${templates.join(', ')})`, async () => {
    expect(templates.length).toBeGreaterThan(0);
    const configs: string[] = [];
    for (const name of templates) {
      const { dir, result } = await exportToTemp(readTemplate(name), name);
      expect(
        result.diagnostics.filter((d) => d.severity === 'error'),
        name,
      ).toEqual([]);
      expect(result.source).toContain(`class Model {`);
      configs.push(path.join(dir, `${name}.lib`, 'tsconfig.json'));
    }
    // Inference entries of every module (what model.js bundles) compile too.
    for (const name of templates) {
      const compiled = compileDocument(readTemplate(name), nodeRegistry, createShapeEnv());
      for (const moduleId of Object.keys(compiled.program?.modules ?? {}).sort()) {
        const first = exportInference(compiled.program!, compiled.document!, nodeRegistry, {
          moduleId,
        });
        const inf = exportInference(compiled.program!, compiled.document!, nodeRegistry, {
          moduleId,
          sources: collectSources(first.roots).sources,
        });
        expect(
          inf.diagnostics.filter((d) => d.severity === 'error'),
          `${name}/${moduleId}`,
        ).toEqual([]);
        const dir = mkdtempSync(path.join(tmpdir(), 'tessera-inference-'));
        await writeExportFiles(dir, {
          ...inf.files,
          'lib/tsconfig.json': supportTsconfig(inf.entry),
        });
        symlinkSync(path.join(tesseraRoot(), 'node_modules'), path.join(dir, 'node_modules'));
        configs.push(path.join(dir, 'lib', 'tsconfig.json'));
      }
    }
    expect(await typecheck(configs)).toBe('');
    // The check is real: a type error in an exported program is reported.
    const { dir } = await exportToTemp(readTemplate(templates[0]!), 'broken');
    appendFileSync(path.join(dir, 'broken.ts'), "const wrong: number = 'text';\n");
    expect(await typecheck([path.join(dir, 'broken.lib', 'tsconfig.json')])).toContain(
      "Type 'string' is not assignable to type 'number'",
    );
  }, 600_000);
});

describe('the exported program reproduces the app trainer', () => {
  let tf: typeof tfjs;
  beforeAll(async () => {
    tf = (await initBackend({ backend: 'wasm' })).tf;
  });

  // Every template, in CI: a few steps at a small batch each (export-check-cases.ts).
  const cases = exportCheckCases(templates);
  it(`${checkedByOwnTest['vqgan']} (stage 1 cut to 2 steps, then the transformer prior on frozen codes)`, async () => {
    const doc = withBatch(readTemplate('vqgan'), 4);
    const stages = (doc['training'] as { stages: { steps: number }[] }).stages;
    expect(stages.length).toBeGreaterThanOrEqual(2);
    stages[0]!.steps = 2;
    const app = await appLosses(tf, doc, 4);
    const { dir, result } = await exportToTemp(doc, 'model');
    const exported = await runExport(dir, result.entry, ['--steps', '4', '--backend', 'wasm']);
    expectClose(
      app,
      exported.map((s) => s.losses),
    );
    if (process.env.EXPORT_VERBOSE) console.log('vqgan 2 stages', JSON.stringify(app));
  }, 600_000);

  it("made: resumes from the app's checkpoint and continues as the app does", async () => {
    const doc = withBatch(readTemplate('made'), 8);
    const compiled = compileDocument(doc, nodeRegistry, createShapeEnv());
    const built = await buildProgram(tf, compiled.program!, {
      data: createDataProvider(),
      seed: compiled.program!.training.seed,
    });
    const trainer = new Trainer(built, { steps: 4 });
    const app: Record<string, number>[] = [];
    const { dir, result } = await exportToTemp(doc, 'model');
    let ckpt = '';
    while (!trainer.done) {
      app.push(trainer.runStep().losses);
      if (trainer.step === 2) {
        const { tensors, temporaries } = trainer.checkpointTensors();
        ckpt = await saveCheckpoint(checkpointPath(path.join(dir, 'app-ckpt'), 2), tensors, {
          runId: 't',
          documentName: 'made',
          step: 2,
          stageIndex: 0,
          rngState: trainer.rng.getState(),
          losses: {},
        });
        tf.dispose(temporaries);
      }
    }
    built.dispose();
    const exported = await runExport(dir, result.entry, [
      '--steps',
      '4',
      '--backend',
      'wasm',
      '--resume',
      ckpt,
    ]);
    expect(exported.map((s) => s.step)).toEqual([3, 4]);
    expectClose(
      app.slice(2),
      exported.map((s) => s.losses),
    );
  }, 600_000);

  for (const c of cases) {
    it(`${c.name}: ${c.steps} steps, batch ${c.batch}, wasm: same losses within 1e-4 relative`, async () => {
      const doc = withBatch(readTemplate(c.name), c.batch);
      const app = await appLosses(tf, doc, c.steps);
      const { dir, result } = await exportToTemp(doc, 'model');
      const exported = await runExport(dir, result.entry, [
        '--steps',
        String(c.steps),
        '--backend',
        'wasm',
      ]);
      expectClose(
        app,
        exported.map((s) => s.losses),
      );
      if (process.env.EXPORT_VERBOSE)
        console.log(c.name, JSON.stringify(app), JSON.stringify(exported.map((s) => s.losses)));
      expect(exported.map((s) => s.step)).toHaveLength(c.steps);
      // And it learns something real: every loss is finite and positive.
      for (const s of exported)
        for (const v of Object.values(s.losses)) expect(Number.isFinite(v)).toBe(true);
    }, 600_000);
  }
});
