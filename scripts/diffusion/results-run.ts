// One template's run for scripts/results-diffusion.ts: the shipped template plus evaluation-only
// copies of its sampler (results-eval-nodes.ts), compiled and built by the engine, scored untrained,
// trained through the app's Trainer for a time budget per stage, then sampled and scored again.
// n samples, h w spatial, c channels.
import type * as tfjs from '@tensorflow/tfjs';
import type { PortRef } from '../../core/document/document.types';
import { compileDocument } from '../../core/graph/compile';
import { nodeRegistry } from '../../nodes/registry';
import { createDataProvider, createShapeEnv } from '../../main/engine/data/data-provider';
import { buildProgram, type BuiltProgram } from '../../main/engine/build/build-program';
import { evaluation } from '../../main/engine/build/evaluate';
import { evaluateScalars } from '../../main/engine/train/evaluate-outputs';
import { createRng } from '../../main/engine/train/rng';
import { Trainer } from '../../main/engine/train/trainer';
import { loadTemplate } from '../../main/engine/testing/engine-fixtures';
import { addEvalSampler, type EvalPorts, type EvalSamplerSpec } from './results-eval-nodes';
import { createScorer, type Score, type Scorer } from './results-scorer';

export interface TemplateSpec {
  template: 'ddpm' | 'latent-diffusion';
  title: string;
  dataset: string;
  /** Share of the template's budget per training stage (sums to 1). */
  stageShares: number[];
}

export interface SampleRun {
  spec: EvalSamplerSpec;
  /** Images in [0, 1], n x h x w x 1. */
  images: Float32Array;
  strip: Float32Array;
  stripCount: number;
  labels: number[];
  score: Score;
  seconds: number;
}

export interface StageReport {
  name: string;
  steps: number;
  templateSteps: number;
  seconds: number;
  lossName: string;
  first: number;
  last: number;
  curve: { from: number; to: number; mean: number }[];
}

export interface TemplateResult {
  spec: TemplateSpec;
  stages: StageReport[];
  untrained: SampleRun;
  samples: SampleRun[];
  floor: Record<number, number>;
  classifierAccuracy: number;
  testMse: { before: number; after: number };
  batch: number;
  params: number;
  evalSeconds: number;
  /** Which run ddimSubset comes from. */
  ddimSubsetOf?: string;
  /** The first m samples of the longest DDIM run at the DDPM run's w, m = the DDPM run's count. */
  ddimSubset?: Score;
}

const evalCtx = (step: number) => ({
  training: false,
  step,
  batchSize: 16,
  split: 'test' as const,
  rng: createRng(1),
  handles: {},
});

const sample = (
  tf: typeof tfjs,
  built: BuiltProgram,
  spec: EvalSamplerSpec,
  ports: EvalPorts,
  scorer: Scorer,
  step: number,
): SampleRun => {
  const t0 = Date.now();
  const toUnit = (x: tfjs.Tensor): tfjs.Tensor =>
    ports.range === '-1..1' ? tf.clipByValue(tf.div(tf.add(x, 1), 2), 0, 1) : x;
  const { images, strip, stripCount } = tf.tidy(() => {
    const ev = evaluation(built, evalCtx(step));
    const s = ev.output(ports.samples);
    const k = ev.output(ports.strip);
    return {
      images: toUnit(s).dataSync() as Float32Array,
      strip: toUnit(k).dataSync() as Float32Array,
      stripCount: k.shape[0] ?? 0,
    };
  });
  const seconds = (Date.now() - t0) / 1000;
  // Sample i is drawn with prompt i mod 10 (the sampler repeats the 10 prompt rows).
  const labels = Array.from({ length: spec.count }, (_, i) => i % 10);
  const score = scorer.score(images, spec.count, labels);
  return { spec, images, strip, stripCount, labels, score, seconds };
};

const windows = (values: number[]): StageReport['curve'] => {
  const size = Math.max(10, Math.round(values.length / 10));
  const out: StageReport['curve'] = [];
  for (let from = 0; from < values.length; from += size) {
    const part = values.slice(from, from + size);
    out.push({
      from: from + 1,
      to: from + part.length,
      mean: part.reduce((a, b) => a + b, 0) / part.length,
    });
  }
  return out;
};

/** Trains one template for `seconds` (split over its stages) and samples it with every spec. */
export const runTemplate = async (
  tf: typeof tfjs,
  spec: TemplateSpec,
  seconds: number,
  samplers: EvalSamplerSpec[],
  untrainedSpec: EvalSamplerSpec,
  log: (line: string) => void,
): Promise<TemplateResult> => {
  const doc = loadTemplate(spec.template);
  const ports = new Map<string, EvalPorts>();
  for (const s of [untrainedSpec, ...samplers]) ports.set(s.id, addEvalSampler(doc, s));
  const compiled = compileDocument(doc, nodeRegistry, createShapeEnv());
  const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !compiled.program)
    throw new Error(`${spec.template}: ${JSON.stringify(errors)}`);
  const data = createDataProvider();
  const built = await buildProgram(tf, compiled.program, { data, seed: doc.training.seed });
  const scorer = await createScorer(tf, data, spec.dataset);
  const run = (s: EvalSamplerSpec, step: number): SampleRun => {
    const r = sample(tf, built, s, ports.get(s.id)!, scorer, step);
    log(
      `${spec.template} ${s.id} (n ${s.count}): Fréchet ${r.score.fd.toFixed(1)}, on-class ${(100 * r.score.share).toFixed(0)}%, ${r.seconds.toFixed(0)} s`,
    );
    return r;
  };
  const untrained = run(untrainedSpec, 0);
  const lossRef: PortRef[] = [{ node: 'loss', port: 'loss' }];
  const trainer = new Trainer(built);
  const stages: StageReport[] = [];
  let before = NaN;
  for (const [i, plan] of trainer.plan.entries()) {
    const budgetMs = seconds * 1000 * (spec.stageShares[i] ?? 0);
    // A stage's time is up: go on with the next one, as stopping a stage early in the app would.
    if (trainer.step < plan.start) trainer.step = plan.start;
    const objective = plan.stage.objectives[0]!.name;
    if (objective === 'Noise prediction')
      before = evaluateScalars(built, lossRef, { batchSize: 128 })['loss.loss']!;
    const losses: number[] = [];
    let ms = 0;
    while (trainer.step < plan.start + plan.steps && ms < budgetMs) {
      const t0 = Date.now();
      const r = trainer.runStep();
      ms += Date.now() - t0;
      losses.push(r.losses[objective] ?? NaN);
      if (losses.length % 100 === 0)
        log(
          `${spec.template} ${plan.stage.name} step ${losses.length}: loss ${losses.at(-1)?.toFixed(4)}, ${(ms / losses.length).toFixed(0)} ms/step`,
        );
    }
    stages.push({
      name: plan.stage.name,
      steps: losses.length,
      templateSteps: plan.steps,
      seconds: ms / 1000,
      lossName: objective,
      first: losses[0] ?? NaN,
      last: losses.slice(-20).reduce((a, b) => a + b, 0) / Math.min(20, losses.length),
      curve: windows(losses),
    });
  }
  const after = evaluateScalars(built, lossRef, { batchSize: 128 })['loss.loss']!;
  const step = trainer.step;
  const t0 = Date.now();
  const samples = samplers.map((s) => run(s, step));
  const evalSeconds = (Date.now() - t0) / 1000;
  const counts = [...new Set([untrainedSpec, ...samplers].map((s) => s.count))];
  const floor = Object.fromEntries(counts.map((n) => [n, scorer.floor(n)]));
  const ddpmRun = samples.find((s) => s.spec.kind === 'ddpm');
  const ddim50 = samples
    .filter((s) => s.spec.kind === 'ddim' && s.spec.guidance === ddpmRun?.spec.guidance)
    .sort((a, b) => (b.spec.samplingSteps ?? 0) - (a.spec.samplingSteps ?? 0))[0];
  const m = ddpmRun?.spec.count ?? 0;
  const ddimSubset =
    ddim50 && m > 1 && m < ddim50.spec.count
      ? scorer.score(ddim50.images.subarray(0, m * 28 * 28), m, ddim50.labels.slice(0, m))
      : undefined;
  const unetModule = doc.nodes.unet?.params.module as string;
  const params = [...built.resolveWeights([unetModule]).values()].reduce((n, v) => n + v.size, 0);
  built.dispose();
  return {
    spec,
    stages,
    untrained,
    samples,
    floor,
    classifierAccuracy: scorer.classifier.testAccuracy,
    testMse: { before, after },
    batch: doc.training.batchSize,
    params,
    evalSeconds,
    ...(ddimSubset && ddim50 ? { ddimSubset, ddimSubsetOf: ddim50.spec.id } : {}),
  };
};
