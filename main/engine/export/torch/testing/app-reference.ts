// The app's side of a template check: its initial weights and state as an app checkpoint (what
// Save writes at step 0), and every top-level value each first-stage objective computes on its
// way to the loss (one fresh evaluation per objective, the RNG seeded as the trainer seeds it).
import type * as tfjs from '@tensorflow/tfjs';
import type { TesseraDocument } from '../../../../../core/document/document.types';
import type { Tensor } from '../../../../../core/node-contract/node-definition';
import { MODULE_HANDLE } from '../../../../../core/graph/module-types';
import { evaluation } from '../../../build/evaluate';
import { saveCheckpoint } from '../../../train/checkpoint';
import { createRng } from '../../../train/rng';
import { compileAndBuild } from '../../../testing/engine-fixtures';
import { ancestorsOf } from '../export-blockers';

export interface Values {
  shape: number[];
  data: number[];
}

/** Objective name -> 'node.port' -> the value the app computed. */
export type AppForward = Record<string, Record<string, Values>>;

export const appReference = async (
  tf: typeof tfjs,
  doc: TesseraDocument,
  checkpointFile: string,
): Promise<AppForward> => {
  const built = await compileAndBuild(tf, doc);
  try {
    const tensors = new Map<string, Tensor>();
    for (const [k, v] of built.weights()) tensors.set(`weights/${k}`, v as Tensor);
    for (const [k, v] of built.state()) tensors.set(`state/${k}`, v as Tensor);
    await saveCheckpoint(checkpointFile, tensors, {
      runId: 'torch-check',
      documentName: doc.name,
      step: 0,
      stageIndex: 0,
      rngState: [],
      losses: {},
    });
    const graph = built.program.graph;
    const out: AppForward = {};
    for (const o of built.program.training.stages[0]?.objectives ?? []) {
      const loss = graph.nodes[o.optimizer]?.inputs['loss'];
      if (!loss) continue;
      const values: Record<string, Values> = {};
      tf.tidy(() => {
        const ev = evaluation(built, {
          training: true,
          step: 0,
          batchSize: built.program.training.batchSize,
          split: 'train',
          rng: createRng(built.program.training.seed),
          handles: {},
        });
        ev.output(loss);
        for (const id of ancestorsOf(graph, [loss.node])) {
          const node = graph.nodes[id]!;
          if (node.type === MODULE_HANDLE || node.def?.role === 'optimizer') continue;
          for (const port of Object.keys(node.outputTypes)) {
            const t = ev.output({ node: id, port });
            values[`${id}.${port}`] = { shape: [...t.shape], data: [...t.dataSync()] };
          }
        }
      });
      out[o.name || o.id] = values;
    }
    return out;
  } finally {
    built.dispose();
  }
};

/** Largest |torch - app| over every value both computed, and the keys only one side has. */
export const forwardGap = (
  app: Record<string, Values>,
  torch: Record<string, [number[], number[]]>,
): { maxAbs: number; maxScaled: number; worst: string; problems: string[] } => {
  let maxAbs = 0;
  let maxScaled = 0;
  let worst = '';
  const problems: string[] = [];
  for (const key of Object.keys(app).filter((k) => !(k in torch)))
    problems.push(`${key}: computed by the app only`);
  for (const key of Object.keys(torch).filter((k) => !(k in app)))
    problems.push(`${key}: computed by the export only`);
  for (const [key, want] of Object.entries(app)) {
    const got = torch[key];
    if (!got) continue;
    if (JSON.stringify(got[0]) !== JSON.stringify(want.shape)) {
      problems.push(`${key}: shape ${JSON.stringify(got[0])}, app ${JSON.stringify(want.shape)}`);
      continue;
    }
    got[1].forEach((v, i) => {
      const w = want.data[i]!;
      const abs = Math.abs(v - w);
      const scaled = abs / (1 + Math.abs(w));
      if (abs > maxAbs) maxAbs = abs;
      if (scaled > maxScaled) [maxScaled, worst] = [scaled, key];
    });
  }
  return { maxAbs, maxScaled, worst, problems };
};
