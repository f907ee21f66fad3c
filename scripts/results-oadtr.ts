// Trains OadTR and its two ablations (templates/oadtr*.json) through the app's engine (compile ->
// build -> Trainer, what the Training panel runs) for the same wall-clock budget each, measures
// the held-out per-frame mAP (metric/frame-map over every held-out frame) and writes
// docs/results/oadtr.md with docs/results/oadtr-strip.png (the prediction strips).
//
//   node --import ./main/runtime/register.mjs scripts/results-oadtr.ts [--seconds 150] [--only oadtr] [--no-write]
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TesseraDocument } from '../core/document/document.types';
import { compileDocument } from '../core/graph/compile';
import { nodeRegistry } from '../nodes/registry';
import { frameMeanAp } from '../nodes/metric/frame-map/frame-map';
import { frameStrip, type StripImage } from '../nodes/metric/frame-map/frame-strip';
import { initBackend } from '../main/engine/backend/select-backend';
import { buildProgram } from '../main/engine/build/build-program';
import { createDataProvider, createShapeEnv } from '../main/engine/data/data-provider';
import { loadTemplate } from '../main/engine/testing/engine-fixtures';
import { Trainer } from '../main/engine/train/trainer';
import { heldOutPredictions } from './oadtr/held-out-map';
import { OADTR_VARIANTS } from './oadtr/oadtr-config';
import { oadtrReport, type OadtrRun } from './oadtr/results-report';
import { stripsPng } from './oadtr/strip-png';

const MAX_STEPS = 100_000;
/** Steps at which the held-out mAP is measured during training (not counted in the budget). */
const CURVE_AT = new Set([100, 250, 500, 1000, 1500, 2000, 3000, 4000, 6000, 8000, 12000]);
const STRIP_FRAMES = 381; // one held-out stream: 400 frames minus the first window and the future

const TITLES: Record<string, string> = {
  oadtr: 'OadTR (task token + decoder)',
  'oadtr-no-decoder': 'without the decoder',
  'oadtr-no-task-token': 'without the task token',
};

type TF = Awaited<ReturnType<typeof initBackend>>['tf'];

const train = async (
  tf: TF,
  name: string,
  seconds: number,
): Promise<{ run: OadtrRun; strip: StripImage; chance: number; frames: number }> => {
  const doc: TesseraDocument = loadTemplate(name);
  doc.training.stages[0]!.steps = MAX_STEPS;
  doc.training.checkpointEvery = 0;
  const compiled = compileDocument(doc, nodeRegistry, createShapeEnv());
  if (!compiled.program || compiled.diagnostics.some((d) => d.severity === 'error'))
    throw new Error(`${name}: ${JSON.stringify(compiled.diagnostics)}`);
  const built = await buildProgram(tf, compiled.program, {
    data: createDataProvider(),
    seed: doc.training.seed,
  });
  const score = () => {
    const p = heldOutPredictions(built);
    return { p, r: frameMeanAp(p.probs, p.labels, p.classes, 0) };
  };
  const untrained = score();
  const trainer = new Trainer(built, { steps: MAX_STEPS });
  const losses: number[] = [];
  const curve: OadtrRun['curve'] = [];
  let trainMs = 0;
  while (!trainer.done && trainMs < seconds * 1000) {
    const t0 = performance.now();
    const r = trainer.runStep();
    trainMs += performance.now() - t0;
    losses.push(Object.values(r.losses)[0] ?? NaN);
    if (CURVE_AT.has(r.step)) {
      curve.push({ step: r.step, map: score().r.map });
      console.log(
        `${name} step ${r.step}: loss ${losses.at(-1)?.toFixed(3)}, held-out mAP ${curve.at(-1)?.map.toFixed(3)}, ${(trainMs / r.step).toFixed(0)} ms/step`,
      );
    }
  }
  const final = score();
  const { p } = final;
  const k = p.classes;
  const strip = frameStrip(
    p.probs.subarray(0, STRIP_FRAMES * k),
    p.labels.subarray(0, STRIP_FRAMES),
    k,
  );
  const shares = Array.from({ length: k - 1 }, (_, i) => {
    let n = 0;
    for (const l of p.labels) if (l === i + 1) n += 1;
    return n / p.labels.length;
  });
  const params = [...built.resolveWeights(['*']).values()].reduce((n, v) => n + v.size, 0);
  built.dispose();
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    run: {
      template: name,
      title: TITLES[name] ?? name,
      params,
      steps: trainer.step,
      trainSeconds: trainMs / 1000,
      firstLoss: losses[0] ?? NaN,
      lastLoss: mean(losses.slice(-50)),
      untrainedMap: untrained.r.map,
      map: final.r.map,
      perClass: final.r.perClass,
      curve,
    },
    strip,
    chance: mean(shares),
    frames: p.labels.length,
  };
};

export interface OadtrResultsOptions {
  seconds?: number;
  only?: string[];
  write?: boolean;
}

export const oadtrResults = async (opts: OadtrResultsOptions = {}): Promise<string> => {
  const seconds = opts.seconds ?? 150;
  const write = opts.write ?? true;
  const loadBefore = os.loadavg();
  const { tf, info } = await initBackend();
  console.log(`backend ${info.name}: ${info.reason}; load ${loadBefore.map((l) => l.toFixed(2))}`);
  const runs: OadtrRun[] = [];
  const strips: StripImage[] = [];
  let chance = NaN;
  let frames = 0;
  for (const v of OADTR_VARIANTS) {
    if (opts.only && !opts.only.includes(v.name)) continue;
    const r = await train(tf, v.name, seconds);
    console.log(
      `${v.name}: ${r.run.steps} steps in ${r.run.trainSeconds.toFixed(0)} s, held-out mAP ${r.run.untrainedMap.toFixed(3)} -> ${r.run.map.toFixed(3)}`,
    );
    runs.push(r.run);
    strips.push(r.strip);
    chance = r.chance;
    frames = r.frames;
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const md = oadtrReport(runs, {
    seconds,
    backend: info.name,
    cpus: os.cpus().length,
    cpuModel: cpu.trim(),
    loadBefore,
    loadAfter: os.loadavg(),
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    frames,
    command: `node --import ./main/runtime/register.mjs scripts/results-oadtr.ts --seconds ${seconds}`,
    stripFrames: STRIP_FRAMES,
    chance,
  });
  if (write) {
    mkdirSync(path.join('docs', 'results'), { recursive: true });
    writeFileSync(path.join('docs', 'results', 'oadtr-strip.png'), stripsPng(strips));
    writeFileSync(path.join('docs', 'results', 'oadtr.md'), `${md}\n`);
    console.log('wrote docs/results/oadtr.md and docs/results/oadtr-strip.png');
  }
  return md;
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const arg = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const only = arg('--only')?.split(',');
  const md = await oadtrResults({
    ...(only ? { only } : {}),
    seconds: Number(arg('--seconds') ?? 150),
    write: !args.includes('--no-write'),
  });
  if (args.includes('--no-write')) console.log(md);
}
