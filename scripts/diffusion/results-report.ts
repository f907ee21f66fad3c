// The markdown of docs/results/diffusion.md from the runs of scripts/results-diffusion.ts.
import type { SampleRun, TemplateResult } from './results-run';

/** One template's run: scripts/results-diffusion.ts runs each on its own (or --only one). */
export interface RunInfo {
  template: string;
  /** ISO time the template's run started. */
  started: string;
  backend: string;
  reason: string;
  machine: string;
  /** os.loadavg() before and after the run. */
  load: [number[], number[]];
  wallSeconds: number;
  /** Training budget of this template, s. */
  seconds: number;
  commit: string;
}

const f = (x: number, d = 1): string => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;
const loadText = (l: number[]): string => l.map((x) => x.toFixed(2)).join(', ');

const samplerName = (r: SampleRun): string =>
  r.spec.kind === 'ddpm'
    ? 'DDPM (ancestral, all 1000 steps)'
    : `DDIM, ${r.spec.samplingSteps} steps (eta 0)`;

const templateSection = (r: TemplateResult, images: string[]): string[] => {
  const lines: string[] = [`## ${r.spec.title}: \`templates/${r.spec.template}.json\``, ''];
  const n = r.samples[0]?.spec.count ?? 0;
  lines.push(
    `Fréchet distance against ${n} held-out ${r.spec.dataset} test images (lower is better) and the share of samples the Fréchet feature classifier (test accuracy ${pct(r.classifierAccuracy)} on ${r.spec.dataset}) puts in the prompted class (chance: 10%).`,
    '',
    '| samples from | sampler | guidance w | n | Fréchet | on prompted class | sampling time |',
    '|---|---|---|---|---|---|---|',
    `| real test images (floor) | — | — | ${n} | ${f(r.floor[n] ?? NaN, 2)} | — | — |`,
    `| untrained model | ${samplerName(r.untrained)} | ${r.untrained.spec.guidance} | ${r.untrained.spec.count} | ${f(r.untrained.score.fd)} | ${pct(r.untrained.score.share)} | ${f(r.untrained.seconds, 0)} s |`,
  );
  for (const s of r.samples)
    lines.push(
      `| trained model | ${samplerName(s)} | ${s.spec.guidance} | ${s.spec.count} | **${f(s.score.fd)}** | ${pct(s.score.share)} | ${f(s.seconds, 0)} s |`,
    );
  const ddpm = r.samples.find((s) => s.spec.kind === 'ddpm');
  if (ddpm && r.ddimSubset)
    lines.push(
      `| trained model, first ${ddpm.spec.count} of the ${r.ddimSubsetOf ?? ''} run | DDIM | ${ddpm.spec.guidance} | ${ddpm.spec.count} | ${f(r.ddimSubset.fd)} | ${pct(r.ddimSubset.share)} | — |`,
      `| real test images (floor at n = ${ddpm.spec.count}) | — | — | ${ddpm.spec.count} | ${f(r.floor[ddpm.spec.count] ?? NaN, 2)} | — | — |`,
    );
  lines.push('');
  if (ddpm)
    lines.push(
      `DDPM calls the UNet 1000 times per sample (twice per step with guidance, so it ran at w = ${ddpm.spec.guidance}), and on ${ddpm.spec.count} samples only; a Fréchet distance from ${ddpm.spec.count} samples is biased upwards (the 64 x 64 covariance has rank < ${ddpm.spec.count}), so compare it with the first ${ddpm.spec.count} samples of the DDIM run at the same w and the floor at the same n (the last two rows), not with the ${n}-sample rows.`,
      '',
    );
  lines.push('Training (the template as shipped, stopped by the time budget):', '');
  lines.push(
    '| stage | steps run (template) | batch | train time | ms/step | loss, first step | loss, last 20 steps |',
    '|---|---|---|---|---|---|---|',
  );
  for (const s of r.stages)
    lines.push(
      `| ${s.name} | ${s.steps} (${s.templateSteps}) | ${r.batch} | ${f(s.seconds, 0)} s | ${f((1000 * s.seconds) / Math.max(1, s.steps), 0)} | ${f(s.first, 4)} | ${f(s.last, 4)} |`,
    );
  lines.push(
    '',
    `Noise-prediction MSE on a held-out batch of 128 (the template's \`loss\` node, test split): ${f(r.testMse.before, 4)} before the denoising stage, ${f(r.testMse.after, 4)} after. UNet: ${r.params.toLocaleString('en-US')} parameters. Sampling and scoring after training: ${f(r.evalSeconds, 0)} s.`,
    '',
  );
  for (const s of r.stages) {
    lines.push(`Training loss (${s.lossName}), ${s.name}, mean over windows of steps:`, '');
    lines.push('| steps | mean |', '|---|---|');
    for (const c of s.curve) lines.push(`| ${c.from}–${c.to} | ${f(c.mean, 4)} |`);
    lines.push('');
  }
  const caption: Record<string, string> = {
    'captions-w3': 'DDIM 20 steps, w = 3: one row per prompt (row k: prompt k in label order)',
    'captions-w1': 'DDIM 20 steps, w = 1 (the conditional model alone), the same initial noise',
    strip:
      'Denoising strip (DDIM 50, w = 3): the first 10 samples, x_t from noise (left) to x0 (right)',
    'ddpm-w1': 'DDPM, 1000 steps, w = 1: one row per prompt',
    untrained: 'The untrained model (DDIM 10, w = 3), one row per prompt',
  };
  for (const file of images) {
    const key = file.replace(`diffusion-${r.spec.template}-`, '').replace('.png', '');
    lines.push(`${caption[key] ?? key}:`, '', `![${key}](${file})`, '');
  }
  return lines;
};

const outlook = (results: TemplateResult[]): string[] => {
  const lines = ['## What more training would bring', ''];
  for (const r of results) {
    // The best figure among the runs at the main sample count (the DDPM run has fewer samples).
    const n = r.samples[0]?.spec.count ?? 0;
    const main = r.samples.filter((s) => s.spec.count === n);
    const best = main.reduce((a, b) => (b.score.fd < a.score.fd ? b : a));
    const w3 = r.samples.find((s) => s.spec.id === 'ddim-20-w3');
    const w1 = r.samples.find((s) => s.spec.id === 'ddim-20-w1');
    const denoise = r.stages.at(-1);
    lines.push(
      `- ${r.spec.title}: the best figure at n = ${n} is ${f(best.score.fd)} (${samplerName(best)}, w = ${best.spec.guidance}), ${f(best.score.fd / (r.floor[n] ?? NaN), 0)}x the floor and ${f(best.score.fd / r.untrained.score.fd, 2)}x the untrained model. ` +
        `Guidance w = 3 vs w = 1 (DDIM 20, same noise): Fréchet ${f(w3?.score.fd ?? NaN)} vs ${f(w1?.score.fd ?? NaN)}, on-class ${pct(w3?.score.share ?? NaN)} vs ${pct(w1?.score.share ?? NaN)}. ` +
        `The run stopped the denoising stage after ${denoise?.steps ?? 0} of the template's ${denoise?.templateSteps ?? 0} steps.` +
        (best.score.fd > 5 * (r.floor[n] ?? Infinity)
          ? ` **The model has not learned to generate yet**: at ${f(best.score.fd / (r.floor[n] ?? NaN), 0)}x the floor the samples are not digits or garments (see the grids), and the on-class shares are at chance, so these figures do not measure guidance or the samplers' step counts; they only show the untrained-to-trained drop.`
          : '') +
        (main.length > 1 && new Set(main.map((s) => s.score.fd.toFixed(1))).size === 1
          ? ' Every sampler and guidance scale gives the same figure here: the decoded samples are the same (near-black) image whatever the latent, because the denoiser’s latents fall outside the range the briefly trained stage-1 decoder maps to images.'
          : ''),
    );
  }
  lines.push(
    '',
    `Why so few steps: on this machine (load in the header) the denoising stages ran at ${results
      .map((r) => {
        const d = r.stages.at(-1);
        return `${f((1000 * (d?.seconds ?? NaN)) / Math.max(1, d?.steps ?? 0) / 1000, 1)} s per step (${r.spec.template})`;
      })
      .join(' and ')}, so the time budget bought ${results
      .map((r) => {
        const d = r.stages.at(-1);
        return `${f((100 * (d?.steps ?? 0)) / Math.max(1, d?.templateSteps ?? 0), 0)}% (${r.spec.template})`;
      })
      .join(' and ')} of the denoising steps the templates ask for. ` +
      'These are minutes of CPU training; DDPM on CIFAR-10 trained for 800,000 steps at batch 128, and the templates themselves ask for 4,000 steps (plus 1,500 for the autoencoder). ' +
      'The noise-prediction loss was still falling when the budget ran out (see the loss tables), so longer training lowers it further, and the samples follow: the shapes sharpen from blobs into strokes and garments, the Fréchet distance drops towards the floor, and the conditional model separates the prompts better, which guidance then amplifies (the on-class share rises, at some cost in diversity at high w). ' +
      'The text encoder and the null embedding learn together with the UNet, so caption following is the last thing to come. ' +
      'Few-step DDIM is the first to suffer from an undertrained model (each step trusts one x0 prediction more), so the gap between 10 and 50 steps should narrow as the model improves. ' +
      'For latent diffusion a longer stage 1 gives sharper decodings, which bounds what stage 2 can reach (its samples can be no sharper than the autoencoder’s reconstructions). ' +
      'None of these figures is comparable with published FIDs (different feature network, tiny sample counts).',
    '',
  );
  return lines;
};

export const diffusionReport = (
  results: TemplateResult[],
  images: string[][],
  runs: RunInfo[],
): string => {
  const lines: string[] = ['# Diffusion: DDPM on MNIST and latent diffusion on Fashion-MNIST', ''];
  const first = runs[0];
  lines.push(
    `Written by \`node --import ./main/runtime/register.mjs scripts/results-diffusion.ts\` (each template's numbers are kept in docs/results/diffusion-<template>.json, so \`--only\` runs add to the page). Backend: **${first?.backend ?? '?'}** (${first?.reason ?? '?'}). Machine: ${first?.machine ?? '?'}, shared with other engineers' jobs, so wall times are noisy upper bounds:`,
    '',
  );
  for (const run of runs)
    lines.push(
      `- ${run.template}: started ${run.started.slice(0, 16).replace('T', ' ')} UTC at commit ${run.commit}, training budget ${f(run.seconds, 0)} s, whole run (build, classifier, training, sampling, scoring) ${f(run.wallSeconds / 60, 1)} min; load average (1, 5, 15 min) ${loadText(run.load[0])} at the start, ${loadText(run.load[1])} at the end.`,
    );
  lines.push(
    '',
    "Each template is trained as shipped (its batch, optimizer, learning rate, schedule, condition dropout) through the engine the app uses (compile -> build -> Trainer), stopped by its time budget (latent diffusion: a third for stage 1, the rest for stage 2; when stage 1's time is up the run moves to stage 2 as stopping a stage early would). " +
      "Samples come from copies of the template's own sampler node (same model handle, prompts, null condition and mask; `scripts/diffusion/results-eval-nodes.ts`) with the sampler kind, steps, guidance and count changed, built and run by the engine. " +
      'All runs start from the same seeded noise (seed 7), so the rows differ only in the sampler and w. Sample i is prompted with caption i mod 10 of the template’s prompt list (the ten classes in label order).',
    '',
    'Classifier-free guidance follows Ho & Salimans (2022), eq. 6, written as **eps = eps_u + w (eps_c − eps_u)**: w = 1 is the conditional model alone (no guidance), w = 0 the unconditional one, w = 3 guides harder (two UNet calls per step). The unconditional pass feeds the learned null embedding of the Condition Dropout node (p = 0.1 in training).',
    '',
  );
  results.forEach((r, i) => lines.push(...templateSection(r, images[i] ?? [])));
  lines.push(...outlook(results));
  lines.push(
    '## The metric',
    '',
    'The `metric/frechet-distance` node’s code (nodes/metric/frechet-distance): d² = ‖μ_r − μ_g‖² + Tr(Σ_r + Σ_g − 2(Σ_r Σ_g)^½) between Gaussians fitted to 64-d features (the penultimate ReLU layer of a 784-256-64-10 MLP classifier the node trains on the dataset’s training split: 800 Adam steps, batch 64, seed 1234). ' +
      'For Fashion-MNIST it is the same classifier trained on Fashion-MNIST (the node’s dataset parameter), so both the distance and the on-class share use a network that fits the data. ' +
      'The floor is n other held-out test images against the same n. Inception-v3 cannot be downloaded here, so these numbers compare runs with each other, the untrained model and the floor, not with published FIDs.',
    '',
  );
  return lines.join('\n');
};
