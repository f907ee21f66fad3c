// The program's opening comment: what it is, which backend it will use, how to run it.
import type { TesseraDocument } from '../document/document.types';
import type { IRProgram } from '../graph/ir';
import type { CodeWriter } from './code-writer';
import { commentText } from './safe-text';

export interface HeaderInfo {
  document: TesseraDocument;
  program: IRProgram;
  lib: string;
  entry: string;
  appVersion: string;
  /** npm packages the program and its support folder import (known when sources were given). */
  packages?: readonly string[];
}

export const emitHeader = (w: CodeWriter, h: HeaderInfo): void => {
  const steps = h.program.training.stages.reduce((n, s) => n + s.steps, 0);
  w.line(
    `// ${commentText(h.document.name)} — a standalone training program exported by Tessera ${commentText(h.appVersion)}.`,
  );
  if (h.document.description) w.line(`// ${commentText(h.document.description, 400)}`);
  w.line('//');
  w.line('// Backend: @tensorflow/tfjs-node (native TensorFlow) when it is installed; otherwise');
  w.line('// @tensorflow/tfjs-backend-wasm with the training kernels Tessera registers for it');
  w.line(
    `// (shipped in ./${h.lib}/main/engine/backend/); --backend tensorflow|wasm|cpu forces one.`,
  );
  w.line('// The backend in use is printed when the program starts.');
  w.line('//');
  w.line(
    `// Run:   npx tsx ${h.entry} [--steps N] [--out DIR] [--backend NAME] [--resume CHECKPOINT_DIR]`,
  );
  w.line(`// Check: npx tsc -p ${h.lib}/tsconfig.json`);
  const packages = h.packages ?? ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'];
  w.line(
    `// Needs: npm i ${packages.map((p) => commentText(p, 60)).join(' ')} tsx (tfjs 4.22; @tensorflow/tfjs-node optional).`,
  );
  w.line('//');
  w.line(
    `// Training: seed ${h.program.training.seed}, batch ${h.program.training.batchSize}, ${h.program.training.stages.length} stage(s), ${steps} steps.`,
  );
  w.line(`// ./${h.lib}/ holds the node layers this program wires, copied verbatim from Tessera,`);
  w.line('// so it computes exactly what the app trains. Edit this file freely.');
  w.line();
};
