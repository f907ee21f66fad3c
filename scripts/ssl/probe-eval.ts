// Helpers of scripts/results-ssl.ts: run one stage of a built SSL template through the app's Trainer
// (stage 1 for a time budget, or the probe stage alone), the raw-pixel variant of the probe (the same
// Linear Probe node on flattened pixels: logistic regression by the same code), and the exact test
// accuracy and features over a whole split (the dataset node is fed the split in order).
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PortRef, TesseraDocument } from '../../core/document/document.types';
import type { DatasetArrays } from '../../core/node-contract/node-definition';
import { compileDocument } from '../../core/graph/compile';
import { nodeRegistry } from '../../nodes/registry';
import { createDataProvider, createShapeEnv } from '../../main/engine/data/data-provider';
import { buildProgram, type BuiltProgram } from '../../main/engine/build/build-program';
import { evaluation } from '../../main/engine/build/evaluate';
import { createRng } from '../../main/engine/train/rng';
import { Trainer } from '../../main/engine/train/trainer';
import { e, n } from '../diffusion/doc-builders';

export const loadSslTemplate = (name: string): TesseraDocument =>
  JSON.parse(readFileSync(path.join('templates', `${name}.json`), 'utf8')) as TesseraDocument;

export const compileAndBuildDoc = async (doc: TesseraDocument): Promise<BuiltProgram> => {
  const r = compileDocument(doc, nodeRegistry, createShapeEnv());
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !r.program) throw new Error(JSON.stringify(errors));
  return buildProgram(tf, r.program, { data: createDataProvider(), seed: doc.training.seed });
};

/** The template with the probe reading flattened raw pixels instead of the encoder's features. */
export const rawPixelProbe = (doc: TesseraDocument): TesseraDocument => {
  const out = structuredClone(doc);
  out.nodes['pixels'] = n('pixels', 'shape/flatten', 'Flatten (raw pixels)', {}, 2, 4);
  delete out.nodes['enc-probe'];
  for (const [id, edge] of Object.entries(out.edges))
    if (edge.target.node === 'enc-probe' || edge.source.node === 'enc-probe') delete out.edges[id];
  for (const edge of [e('data.image', 'pixels.x'), e('pixels.y', 'probe.features')])
    out.edges[edge.id] = edge;
  return out;
};

export interface StageRun {
  steps: number;
  seconds: number;
  /** Mean of each loss and metric over the first and the last `window` steps (default 50). */
  first: Record<string, number>;
  last: Record<string, number>;
}

const mean = (rows: Record<string, number>[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const key of Object.keys(rows[0] ?? {}))
    out[key] = rows.reduce((s, r) => s + (r[key] ?? 0), 0) / rows.length;
  return out;
};

/**
 * Runs only stage `index` of the built program (the others get 0 steps), for at most `steps`
 * steps and `seconds` of step time, through the app's Trainer (frozen lists and all).
 */
export const runStage = (
  built: BuiltProgram,
  index: number,
  limits: { steps: number; seconds?: number; window?: number },
  log: (line: string) => void = () => undefined,
): StageRun => {
  const training = built.program.training;
  const original = training.stages;
  training.stages = original.map((s, i) => ({ ...s, steps: i === index ? limits.steps : 0 }));
  const trainer = new Trainer(built);
  training.stages = original;
  const rows: Record<string, number>[] = [];
  let ms = 0;
  while (!trainer.done && ms < (limits.seconds ?? Infinity) * 1000) {
    const t0 = Date.now();
    const r = trainer.runStep();
    ms += Date.now() - t0;
    rows.push({ ...r.losses, ...r.metrics });
    if (r.step % 200 === 0)
      log(
        `  ${r.stageName} step ${r.step}: ${JSON.stringify(r.losses)} (${(ms / r.step).toFixed(0)} ms/step)`,
      );
  }
  return {
    steps: trainer.step,
    seconds: ms / 1000,
    first: mean(rows.slice(0, limits.window ?? 50)),
    last: mean(rows.slice(-(limits.window ?? 50))),
  };
};

/** Evaluates `refs` on a whole split in order, `chunk` images at a time; rows concatenated. */
export const evaluateSplit = (
  built: BuiltProgram,
  arrays: DatasetArrays,
  refs: PortRef[],
  chunk = 500,
): Float32Array[] => {
  const data = built.top.layers.get('data');
  if (!data) throw new Error('The template has no node "data".');
  const size = arrays.height * arrays.width * arrays.channels;
  const parts: Float32Array[][] = refs.map(() => []);
  try {
    for (let start = 0; start < arrays.count; start += chunk) {
      const b = Math.min(chunk, arrays.count - start);
      built.top.layers.set('data', {
        weights: {},
        apply: () => ({
          image: tf.tensor4d(arrays.images.subarray(start * size, (start + b) * size), [
            b,
            arrays.height,
            arrays.width,
            arrays.channels,
          ]),
          label: tf.tensor1d(arrays.labels.subarray(start, start + b), 'int32'),
        }),
      });
      const ctx = {
        training: false,
        step: 0,
        batchSize: b,
        split: 'test' as const,
        rng: createRng(1),
        handles: {},
      };
      tf.tidy(() => {
        const ev = evaluation(built, ctx);
        refs.forEach((ref, i) => parts[i]!.push(Float32Array.from(ev.output(ref).dataSync())));
      });
    }
  } finally {
    built.top.layers.set('data', data);
  }
  return parts.map((p) => {
    const out = new Float32Array(p.reduce((s, x) => s + x.length, 0));
    let at = 0;
    for (const x of p) {
      out.set(x, at);
      at += x.length;
    }
    return out;
  });
};

/** Fraction of the split that the probe's logits classify right. */
export const probeAccuracy = (built: BuiltProgram, arrays: DatasetArrays): number => {
  const [logits] = evaluateSplit(built, arrays, [{ node: 'probe', port: 'logits' }]);
  const k = (logits?.length ?? 0) / arrays.count;
  let right = 0;
  for (let i = 0; i < arrays.count; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (logits![i * k + c]! > logits![i * k + best]!) best = c;
    if (best === arrays.labels[i]) right++;
  }
  return right / arrays.count;
};
