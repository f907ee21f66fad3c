// docs/results/oadtr.md from the measured runs of scripts/results-oadtr.ts (pure rendering).
import { OADTR, OADTR_CLASSES } from './oadtr-config';

export interface OadtrRun {
  template: string;
  title: string;
  params: number;
  steps: number;
  trainSeconds: number;
  firstLoss: number;
  lastLoss: number;
  untrainedMap: number;
  map: number;
  perClass: (number | undefined)[];
  curve: { step: number; map: number }[];
}

export interface OadtrReportContext {
  seconds: number;
  backend: string;
  cpus: number;
  cpuModel: string;
  loadBefore: number[];
  loadAfter: number[];
  date: string;
  frames: number;
  command: string;
  stripFrames: number;
  /** Mean share of the held-out frames per action class (the AP of an uninformative score). */
  chance: number;
}

const f = (v: number | undefined, d = 3): string => (v === undefined ? '—' : v.toFixed(d));
const load = (l: number[]): string => l.map((v) => v.toFixed(2)).join(' / ');

/** How far apart the held-out mAPs are, said plainly: one seed and one short run each. */
const spreadNote = (runs: readonly OadtrRun[]): string => {
  if (runs.length < 2) return '';
  const sorted = [...runs].sort((a, b) => b.map - a.map);
  const spread = sorted[0]!.map - sorted.at(-1)!.map;
  return `Ranking in this run: ${sorted.map((r) => `${r.title} ${f(r.map)}`).join(', ')}; the spread is ${f(spread)}. Each number is one seed and one short run of a few hundred steps, so a spread under about 0.03 is within what another seed or a quieter machine (more steps in the budget) could reverse: ${spread < 0.03 ? 'this run does not show that the decoder or the task token helps on this data' : 'read it as a tendency, not a settled result'}.`;
};

export const oadtrReport = (runs: readonly OadtrRun[], c: OadtrReportContext): string => {
  const actions = Array.from({ length: OADTR.actions }, (_, i) => i + 1);
  const steps = [...new Set(runs.flatMap((r) => r.curve.map((p) => p.step)))].sort((a, b) => a - b);
  return [
    '# Online action detection: OadTR and its ablations',
    '',
    `Measured ${c.date} by \`${c.command}\` (scripts/results-oadtr.ts): each template trained through the app's Trainer (compile → build → Trainer.runStep, as the Training panel runs it) for the same wall-clock budget of ${c.seconds} s of training steps, backend ${c.backend}, on ${c.cpus} × ${c.cpuModel}; load average (1 / 5 / 15 min) ${load(c.loadBefore)} before and ${load(c.loadAfter)} after, with other engineers' work running on the same machine, so the step counts and times are noisy. Evaluation time is not counted in the budget.`,
    '',
    `Data: Action Streams (data/action-streams), ${OADTR.actions} actions + background, ${OADTR.features}-dim frames with Gaussian noise sigma = 2, 64 training streams and 16 held-out streams of 400 frames (another seed stream). Windows of the past ${OADTR.window} frames; the decoder's targets are the next ${OADTR.future} frames. Model: width ${OADTR.width}, ${OADTR.heads} heads, MLP ${OADTR.hidden}, ${OADTR.encoderLayers} encoder blocks, one decoder block with ${OADTR.future} learned queries, batch ${OADTR.batch}, Adam lr ${OADTR.lr}, gradient norm clipped at 1, auxiliary weight ${OADTR.auxWeight}.`,
    '',
    `**Per-frame mAP** (metric/frame-map, THUMOS14 protocol): the current-frame class probabilities of all ${c.frames} held-out frames that have a full window; per action class the average precision (scikit-learn's average_precision_score), averaged over the ${OADTR.actions} action classes, background left out. An uninformative score gets about each class's share of the frames: ${f(c.chance)} on average here.`,
    '',
    '| template | params | steps | ms/step | loss first → last 50 | mAP untrained | **held-out mAP** | ' +
      actions.map((k) => `AP ${k}`).join(' | ') +
      ' |',
    '|---|---|---|---|---|---|---|' + actions.map(() => '---|').join(''),
    ...runs.map(
      (r) =>
        `| ${r.title} (\`templates/${r.template}.json\`) | ${r.params.toLocaleString('en-US')} | ${r.steps} | ${((1000 * r.trainSeconds) / r.steps).toFixed(0)} | ${f(r.firstLoss)} → ${f(r.lastLoss)} | ${f(r.untrainedMap)} | **${f(r.map)}** | ` +
        actions.map((k) => f(r.perClass[k])).join(' | ') +
        ' |',
    ),
    '',
    spreadNote(runs),
    '',
    'The loss of the full model and of the model without the task token includes the decoder’s auxiliary term (current + 0.5 × future cross-entropy), so it is not comparable with the no-decoder loss; compare the mAP.',
    '',
    'Held-out mAP during training (the same sweep over all held-out frames):',
    '',
    '| template | ' + steps.map((st) => `step ${st}`).join(' | ') + ' |',
    '|---|' + steps.map(() => '---|').join(''),
    ...runs.map(
      (r) =>
        `| ${r.title} | ` +
        steps.map((st) => f(r.curve.find((q) => q.step === st)?.map)).join(' | ') +
        ' |',
    ),
    '',
    `![Prediction strips](oadtr-strip.png)`,
    '',
    `The first ${c.stripFrames} held-out frames (one stream), one block per model from top to bottom in the order of the table: the top ${OADTR_CLASSES} rows are the truth (a coloured cell in the row of the frame's class, row 0 = background), then a grey line, then the ${OADTR_CLASSES} predicted class probabilities (full colour = 1, white = 0). The same strip is the template's live preview (16 frames there).`,
    '',
    'What this is and is not: a synthetic stand-in for THUMOS14 features, so these numbers say how the three variants compare on this task and budget on this machine; they are not comparable with the paper’s THUMOS14 mAP. Equal wall-clock budgets give the cheaper ablations more steps.',
  ].join('\n');
};
