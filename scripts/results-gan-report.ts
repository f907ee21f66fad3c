// The markdown of docs/results/gan.md from the runs of scripts/results-gan.ts.

export interface GanSpec {
  template: string;
  title: string;
  metric: string;
}

/** How the Fréchet classifier labels a set of images (see labelling() in results-gan.ts). */
export interface Labelling {
  /** Share labelled with confidence above the threshold. */
  share: number;
  /** Classes holding at least 2% of the confident labels. */
  classes: number;
  /** The largest class's share of the confident labels. */
  largest: number;
}

export interface GanResult {
  spec: GanSpec;
  /** The template's learning rate (critic and generator use the same). */
  lr: number;
  batch: number;
  /** Base feature maps F of generator and critic. */
  width: number;
  templateSteps: number;
  description: string;
  steps: number;
  generatorUpdates: number;
  trainSeconds: number;
  untrained: number;
  trained: number;
  floor: number;
  classifierAccuracy: number;
  /** Share of images labelled with confidence > the threshold: untrained G, trained G, real test digits. */
  confident: { untrained: Labelling; trained: Labelling; real: Labelling };
  fdCurve: { step: number; fd: number }[];
  /** Mean of the metric over consecutive windows of steps. */
  curve: { from: number; to: number; mean: number }[];
  params: number;
}

export interface GanRunInfo {
  backend: string;
  reason: string;
  seconds: number;
  confident: number;
  samples: number;
  loadBefore: number[];
  loadAfter: number[];
  cpus: number;
}

const f = (x: number, d = 1): string => x.toFixed(d);
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const loads = (l: number[]): string => l.map((v) => v.toFixed(2)).join(', ');

export const ganReport = (results: GanResult[], run: GanRunInfo): string => {
  const lines: string[] = [];
  const now = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const c = run.confident;
  lines.push('# GAN, WGAN and WGAN-GP on MNIST', '');
  lines.push(
    `Written by \`node --import ./main/runtime/register.mjs scripts/results-gan.ts --seconds ${run.seconds}\` (${now} UTC). ` +
      `Each template is trained **as shipped** (\`templates/<name>.json\`: its widths, batch size, optimizers and learning rates) through compile -> build -> Trainer, the path the app runs; the only setting of the script is the budget: ${run.seconds} s of training steps per template (the template's own step count is the other stop). ` +
      `Backend: **${run.backend}** (${run.reason}). Machine: ${run.cpus} cores shared with other jobs; load average (1, 5, 15 min) ${loads(run.loadBefore)} at the start and ${loads(run.loadAfter)} at the end, so wall times are noisy upper bounds.`,
    '',
  );
  lines.push('## Fréchet distance (lower is better) and confidently labelled samples', '');
  lines.push(
    `| model | untrained G | trained G | real-vs-real floor | trained / untrained | samples labelled with confidence > ${c} (untrained -> trained) | classes among them (untrained -> trained) | largest class (untrained -> trained) | steps x batch | G updates | train time | ms/step | lr | F |`,
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results)
    lines.push(
      `| ${r.spec.title} | ${f(r.untrained)} | **${f(r.trained)}** | ${f(r.floor, 2)} | ${f(r.trained / r.untrained, 2)} | ${pct(r.confident.untrained.share)} -> **${pct(r.confident.trained.share)}** | ${r.confident.untrained.classes} -> ${r.confident.trained.classes} | ${pct(r.confident.untrained.largest)} -> ${pct(r.confident.trained.largest)} | ${r.steps} x ${r.batch} | ${r.generatorUpdates} | ${f(r.trainSeconds, 0)} s | ${f((1000 * r.trainSeconds) / r.steps, 0)} | ${r.lr} | ${r.width} |`,
    );
  lines.push('');
  const real = results[0]?.confident.real;
  const untrainedLabels = results[0]?.confident.untrained;
  const blobs =
    untrainedLabels && untrainedLabels.share > 0.5 && untrainedLabels.classes <= 2
      ? untrainedLabels
      : undefined;
  if (real !== undefined)
    lines.push(
      `For reference, the classifier labels ${pct(real.share)} of ${run.samples} real held-out test digits with confidence > ${c}, spread over ${real.classes} classes (largest ${pct(real.largest)}). ` +
        `The sample columns are over ${run.samples} images drawn from the template's own latent-noise node with a fixed seed, before and after training. ${blobs ? `**The confidence share alone does not show recognisable digits:** this MLP classifier labels the untrained generator's grey blobs with confidence > ${c} too (${pct(blobs.share)}), but as ${blobs.classes} class${blobs.classes === 1 ? '' : 'es'}; ` : ''}read it with the class columns (a share near the real one, spread over 10 classes) and the Fréchet distance, and look at the samples.`,
      '',
    );
  for (const r of results) {
    const well = r.trained < 0.5 * r.untrained;
    lines.push(
      `- ${r.spec.title}: ${well ? 'well below' : '**not well below**'} the untrained generator (${f(r.trained)} vs ${f(r.untrained)}), ` +
        `${f(r.trained / r.floor, 0)}x the real-vs-real floor, after ${r.steps} of the template's ${r.templateSteps} steps.`,
    );
  }
  const met = results.filter((r) => r.trained < 0.5 * r.untrained);
  lines.push(
    '',
    `**Results bar (Fréchet distance under half that of the untrained generator): met by ${met.length} of ${results.length}** (${results.map((r) => `${r.spec.title} ${f(r.trained / r.untrained, 2)}`).join(', ')}).`,
    '',
  );
  lines.push(
    `Fréchet distance over training (${run.samples} samples from fixed latent vectors):`,
    '',
  );
  lines.push(`| step | ${results.map((r) => r.spec.title).join(' | ')} |`);
  lines.push(`|---|${results.map(() => '---').join('|')}|`);
  const steps = [...new Set(results.flatMap((r) => r.fdCurve.map((p) => p.step)))].sort(
    (a, b) => a - b,
  );
  for (const s of steps)
    lines.push(
      `| ${s} | ${results
        .map((r) => r.fdCurve.find((p) => p.step === s))
        .map((p) => (p ? f(p.fd) : ''))
        .join(' | ')} |`,
    );
  lines.push('');
  for (const r of results) {
    const isW = r.spec.metric.endsWith('wasserstein');
    lines.push(
      `## ${r.spec.title}: ${isW ? "the critic's Wasserstein estimate" : "the discriminator's accuracy"} over training`,
      '',
    );
    lines.push(
      isW
        ? 'mean D(x) − mean D(G(z)) on each training batch (the `wasserstein` output of the Wasserstein loss node), averaged over windows of steps.' +
            (r.spec.template === 'wgan-clip'
              ? ' With weight clipping its scale is set by the clip value, so only its trend means something.'
              : ' With the gradient penalty the critic is held near 1-Lipschitz, so the number approximates the Wasserstein-1 distance between data and generator in pixel space.')
        : 'Fraction of real logits > 0 and fake logits ≤ 0 on each training batch (the `accuracy` output of the GAN loss node), averaged over windows of steps.',
      '',
    );
    lines.push('| steps | mean |', '|---|---|');
    for (const p of r.curve) lines.push(`| ${p.from}–${p.to} | ${f(p.mean, 4)} |`);
    lines.push('', `![${r.spec.title} samples](gan-${r.spec.template}.png)`, '');
  }
  lines.push('## Settings (the templates’ own)', '');
  for (const r of results)
    lines.push(
      `- **${r.spec.title}** (\`templates/${r.spec.template}.json\`, generator ${r.params.toLocaleString('en-US')} parameters, F = ${r.width}, batch ${r.batch}, lr ${r.lr}): ${r.description}`,
    );
  lines.push('');
  lines.push('## The metric', '');
  lines.push(
    `The \`metric/frechet-distance\` node of each template: Fréchet distance d² = ‖μ_r − μ_g‖² + Tr(Σ_r + Σ_g − 2(Σ_r Σ_g)^½) (FID's formula, Heusel et al. 2017) between Gaussians fitted to 64-d features of ${run.samples} generated images (fixed latent vectors, seed 99) and of ${run.samples} real held-out test images. ` +
      `The features are the penultimate ReLU layer of a 784-256-64-10 MLP classifier trained by the node itself on the 8,576-image training split (800 Adam steps, seed 1234); its test accuracy was ${f(100 * (results[0]?.classifierAccuracy ?? NaN), 1)}%. ` +
      `The confidence share uses the same classifier's softmax. The floor is ${run.samples} other held-out test images against the same ${run.samples}. Inception-v3 cannot be downloaded here, so these numbers are not comparable with published FIDs; they compare models trained here with each other, with the untrained generator and with the floor.`,
    '',
  );
  return lines.join('\n');
};
