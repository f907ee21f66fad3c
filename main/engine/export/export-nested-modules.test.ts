// A project with nested, parameterised modules exports to a program that reproduces the app.
import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfjs from '@tensorflow/tfjs';
import { initBackend } from '../backend/select-backend';
import { compileDocument } from '../../../core/graph/compile';
import { nodeRegistry } from '../../../nodes/registry';
import { createDataProvider, createShapeEnv } from '../data/data-provider';
import { buildProgram } from '../build/build-program';
import { Trainer } from '../train/trainer';
import { nestedModulesDoc } from '../build/testing/nested-modules-doc';
import { exportToTemp, runExport } from './testing/export-fixture';

describe('export of nested, parameterised modules', () => {
  let tf: typeof tfjs;
  beforeAll(async () => {
    tf = (await initBackend({ backend: 'wasm' })).tf;
  });

  const cases: [string, string[]][] = [
    ['the stage module', ['stage']],
    ["'*' (every weight)", ['*']],
  ];
  it.each(cases)(
    'updating %s: a class per specialisation, the app losses within 1e-4',
    async (_, updates) => {
      const doc = nestedModulesDoc();
      doc.training.stages[0]!.objectives[0]!.updates = updates;
      const compiled = compileDocument(doc, nodeRegistry, createShapeEnv());
      const built = await buildProgram(tf, compiled.program!, {
        data: createDataProvider(),
        seed: compiled.program!.training.seed,
      });
      const trainer = new Trainer(built, { steps: 3 });
      const app: number[] = [];
      while (!trainer.done) app.push(Object.values(trainer.runStep().losses)[0]!);
      built.dispose();
      const { dir, result } = await exportToTemp(
        doc as unknown as Record<string, unknown>,
        'model',
      );
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(result.source).toContain('class StageWidth3Module');
      expect(result.source).toContain('class BlockWidth3Module');
      expect(result.source).toContain('class BlockWidth6Module');
      const exported = await runExport(dir, result.entry, ['--steps', '3', '--backend', 'wasm']);
      expect(exported).toHaveLength(3);
      exported.forEach((s, i) => {
        const v = Object.values(s.losses)[0]!;
        expect(Math.abs(v - app[i]!) / Math.abs(app[i]!)).toBeLessThan(1e-4);
      });
    },
    300_000,
  );
});
