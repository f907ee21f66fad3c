// The check behind the templates' own export tests: the exported TypeScript program, run for
// `steps` steps on wasm, gives the app trainer's losses (same seed, data and backend) within
// 1e-4, and the objectives appear in the order given. export-templates.test.ts runs the first
// steps of every template; a template's own test uses this to cover later stages too.
import { expect } from 'vitest';
import type * as tfjs from '@tensorflow/tfjs';
import { appLosses, lossMismatches } from '../../main/engine/export/testing/app-losses';
import { exportToTemp, runExport } from '../../main/engine/export/testing/export-fixture';

export const expectExportMatchesApp = async (
  tf: typeof tfjs,
  doc: unknown,
  objectivesPerStep: readonly string[][],
): Promise<void> => {
  const steps = objectivesPerStep.length;
  const app = await appLosses(tf, doc, steps);
  expect(app.map((s) => Object.keys(s))).toEqual(objectivesPerStep);
  const { dir, result } = await exportToTemp(doc, 'model');
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const exported = await runExport(dir, result.entry, [
    '--steps',
    String(steps),
    '--backend',
    'wasm',
  ]);
  expect(
    lossMismatches(
      app,
      exported.map((s) => s.losses),
    ),
  ).toEqual([]);
};
