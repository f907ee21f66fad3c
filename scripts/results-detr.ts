// Trains the shipped DETR template (templates/detr.json) through the engine for a time budget
// (compile -> build -> Trainer, what the app runs) and writes docs/results/detr.md: steps, wall time,
// machine and load, the set loss and its terms over training, mAP@0.5 and mAP@0.5:0.95 (COCO,
// 101-point) on the whole held-out split before and after training, and a preview of test images
// with true and predicted boxes (docs/results/detr-boxes.png).
//
//   node --import ./main/runtime/register.mjs scripts/results-detr.ts [--seconds 480] [--no-write]
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileDocument } from '../core/graph/compile';
import type { Rng, Tensor } from '../core/node-contract/node-definition';
import { nodeRegistry } from '../nodes/registry';
import {
  cocoMap,
  type Detection,
  type GroundTruth,
  type MapResult,
} from '../nodes/detection/shared/coco-map';
import { toXyxy } from '../nodes/detection/shared/box-ops';
import { decodeQueries } from '../nodes/detection/shared/detections';
import { SHAPE_CLASSES } from '../nodes/detection/shapes-dataset/shapes-scene';
import { initBackend } from '../main/engine/backend/select-backend';
import { createDataProvider, createShapeEnv } from '../main/engine/data/data-provider';
import { buildProgram, type BuiltProgram } from '../main/engine/build/build-program';
import { evaluation } from '../main/engine/build/evaluate';
import { loadTemplate } from '../main/engine/testing/engine-fixtures';
import { renderPreview } from '../main/engine/train/previews';
import { Trainer } from '../main/engine/train/trainer';

/** An Rng whose int(n) counts 0, 1, 2, ...: the dataset node then reads the test split in order. */
const sequential = (): Rng => {
  let k = 0;
  return { next: () => 0.5, int: (n) => k++ % n, seed: () => 1 };
};

/** mAP on the whole test split (testImages scenes, read in order, batches of 32). */
export const heldOutMap = (built: BuiltProgram, step: number): MapResult & { images: number } => {
  const { tf } = built;
  const data = built.program.graph.nodes['data']!.params;
  const count = Number(data.testImages);
  const classes = Number(data.classes);
  const rng = sequential();
  const dets: Detection[] = [];
  const gts: GroundTruth[] = [];
  for (let start = 0; start < count; start += 32) {
    const b = Math.min(32, count - start);
    const ctx = { training: false, step, batchSize: b, split: 'test' as const, rng, handles: {} };
    tf.tidy(() => {
      const ev = evaluation(built, ctx);
      const logits = ev.output({ node: 'detr', port: 'logits' });
      const [, q = 1, k1 = 2] = logits.shape;
      const probs = tf.softmax(logits).dataSync();
      const boxes = ev.output({ node: 'detr', port: 'boxes' }).dataSync();
      const tBoxes = ev.output({ node: 'data', port: 'boxes' }) as Tensor;
      const m = tBoxes.shape[1] ?? 0;
      const tb = tBoxes.dataSync();
      const tl = ev.output({ node: 'data', port: 'labels' }).dataSync();
      const tm = ev.output({ node: 'data', port: 'mask' }).dataSync();
      for (let i = 0; i < b; i++) {
        const image = start + i;
        for (const d of decodeQueries(
          probs.subarray(i * q * k1),
          boxes.subarray(i * q * 4),
          q,
          k1,
          'cxcywh',
        ))
          dets.push({ image, ...d });
        for (let j = 0; j < m; j++)
          if ((tm[i * m + j] ?? 0) > 0)
            gts.push({
              image,
              label: tl[i * m + j] ?? 0,
              box: toXyxy(tb.subarray((i * m + j) * 4), 'cxcywh'),
            });
      }
    });
  }
  return { ...cocoMap(dets, gts, classes), images: count };
};

interface Window {
  from: number;
  to: number;
  loss: number;
  classLoss: number;
  l1: number;
  giou: number;
}

const pct = (x: number): string => (100 * x).toFixed(1);

const run = async (seconds: number, write: boolean): Promise<void> => {
  const loadBefore = os.loadavg();
  const { tf, info } = await initBackend();
  console.log(`backend ${info.name}: ${info.reason}; load ${loadBefore.map((l) => l.toFixed(2))}`);
  const doc = loadTemplate('detr');
  const compiled = compileDocument(doc, nodeRegistry, createShapeEnv());
  if (compiled.diagnostics.length > 0 || !compiled.program)
    throw new Error(`detr: ${JSON.stringify(compiled.diagnostics)}`);
  const built = await buildProgram(tf, compiled.program, {
    data: createDataProvider(),
    seed: doc.training.seed,
  });
  const params = [...built.resolveWeights(['detr']).values()].reduce((n, v) => n + v.size, 0);
  const before = heldOutMap(built, 0);
  console.log(`untrained: mAP@0.5 ${pct(before.map50)}, mAP@0.5:0.95 ${pct(before.map)}`);
  const trainer = new Trainer(built, { steps: 1_000_000 });
  const rows: Omit<Window, 'from' | 'to'>[] = [];
  let trainMs = 0;
  const wall0 = Date.now();
  while (trainMs < seconds * 1000) {
    const t0 = Date.now();
    const r = trainer.runStep();
    trainMs += Date.now() - t0;
    const g = (k: string) => r.metrics[`Hungarian Set Loss.${k}`] ?? NaN;
    rows.push({ loss: g('loss'), classLoss: g('classLoss'), l1: g('l1'), giou: g('giou') });
    if (r.step % 50 === 0)
      console.log(
        `step ${r.step}: loss ${g('loss').toFixed(3)}, ${(trainMs / r.step).toFixed(0)} ms/step`,
      );
  }
  const steps = trainer.step;
  const after = heldOutMap(built, steps);
  const loadAfter = os.loadavg();
  const wallSeconds = (Date.now() - wall0) / 1000;
  console.log(
    `trained ${steps} steps: mAP@0.5 ${pct(after.map50)}, mAP@0.5:0.95 ${pct(after.map)}`,
  );
  const windowSize = Math.max(25, Math.round(rows.length / 10 / 25) * 25);
  const windows: Window[] = [];
  for (let from = 0; from < rows.length; from += windowSize) {
    const part = rows.slice(from, from + windowSize);
    const mean = (k: keyof (typeof part)[number]) =>
      part.reduce((s, r) => s + r[k], 0) / part.length;
    windows.push({
      from: from + 1,
      to: from + part.length,
      loss: mean('loss'),
      classLoss: mean('classLoss'),
      l1: mean('l1'),
      giou: mean('giou'),
    });
  }
  const preview = doc.previews['boxes']!;
  const png = renderPreview(built, preview, 'results', steps)?.png;
  built.dispose();
  const batch = doc.training.batchSize;
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const now = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const classes = SHAPE_CLASSES.slice(0, before.perClass50.length);
  const lines = [
    '# DETR on the Shapes Detection Set',
    '',
    `Written by \`node --import ./main/runtime/register.mjs scripts/results-detr.ts --seconds ${seconds}\` (${now} UTC). ` +
      `Backend: **${info.name}** (${info.reason}). Machine: ${os.cpus().length} cores (${cpu}), shared with other jobs: ` +
      `load average ${loadBefore.map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min) at the start and ${loadAfter.map((l) => l.toFixed(1)).join(' / ')} at the end, ` +
      'so the step count is what this budget bought on a busy machine, not what the model needs.',
    '',
    `Template \`templates/detr.json\` as shipped (${params.toLocaleString('en-US')} weights, batch ${batch}, Adam lr ${String(doc.nodes['adam']!.params.lr)}, ` +
      `gradient norm clipped at 1): **${steps} steps** (${(steps * batch).toLocaleString('en-US')} images) in ${(trainMs / 1000).toFixed(0)} s of training ` +
      `(${(trainMs / steps).toFixed(0)} ms/step; ${wallSeconds.toFixed(0)} s wall with the evaluation).`,
    '',
    `## mAP on the held-out split (${after.images} images, COCO 101-point, every query a detection)`,
    '',
    '| | mAP@0.5 | mAP@0.5:0.95 | ' + classes.map((c) => `AP@0.5 ${c}`).join(' | ') + ' |',
    '|---|---|---|' + classes.map(() => '---').join('|') + '|',
    ...(
      [
        ['untrained', before],
        [`after ${steps} steps`, after],
      ] as const
    ).map(
      ([name, r]) =>
        `| ${name} | ${pct(r.map50)} | ${pct(r.map)} | ${r.perClass50.map(pct).join(' | ')} |`,
    ),
    '',
    '## Set loss over training (means over windows of steps; the loss is 1 CE + 5 L1 + 2 (1 - GIoU))',
    '',
    '| steps | loss | class CE | L1 | 1 - GIoU |',
    '|---|---|---|---|---|',
    ...windows.map(
      (w) =>
        `| ${w.from}-${w.to} | ${w.loss.toFixed(3)} | ${w.classLoss.toFixed(3)} | ${w.l1.toFixed(3)} | ${w.giou.toFixed(3)} |`,
    ),
    '',
    '## Preview',
    '',
    'Test images after training: true boxes in white, predictions with class probability >= 0.5 in their class colour (red circle, green square, blue triangle).',
    '',
    '![DETR boxes](detr-boxes.png)',
    '',
  ];
  if (write) {
    writeFileSync(path.join('docs', 'results', 'detr.md'), lines.join('\n'));
    if (png) writeFileSync(path.join('docs', 'results', 'detr-boxes.png'), png);
    console.log('wrote docs/results/detr.md and docs/results/detr-boxes.png');
  } else console.log(lines.join('\n'));
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--seconds');
  await run(at >= 0 ? Number(args[at + 1]) : 480, !args.includes('--no-write'));
}
