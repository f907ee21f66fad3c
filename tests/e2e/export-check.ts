/// <reference types="node" />
// Runs a program the Code panel exported (as a user would: tsx, wasm backend) and compares its
// first losses with the engine's own for the same saved project, in this process.
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import * as nodePath from 'node:path';
import { initBackend } from '../../main/engine/backend/select-backend';
import { runExport } from '../../main/engine/export/testing/export-fixture';
import {
  appLosses,
  lossMismatches,
  type StepLosses,
} from '../../main/engine/export/testing/app-losses';
import { tesseraRoot } from '../../main/engine/export/collect-sources';

export const compareExport = async (
  projectFile: string,
  exportFile: string,
  steps: number,
): Promise<{ app: StepLosses[]; exported: StepLosses[]; mismatches: string[] }> => {
  const dir = nodePath.dirname(exportFile);
  // The export imports @tensorflow/tfjs: give its folder the project's node_modules, as a user's
  // project would have them installed.
  if (!existsSync(nodePath.join(dir, 'node_modules')))
    symlinkSync(nodePath.join(tesseraRoot(), 'node_modules'), nodePath.join(dir, 'node_modules'));
  const exported = (
    await runExport(dir, nodePath.basename(exportFile), [
      '--steps',
      String(steps),
      '--backend',
      'wasm',
    ])
  ).map((s) => s.losses);
  const { tf } = await initBackend({ backend: 'wasm' });
  const app = await appLosses(tf, JSON.parse(readFileSync(projectFile, 'utf8')), steps);
  return { app, exported, mismatches: lossMismatches(app, exported) };
};
