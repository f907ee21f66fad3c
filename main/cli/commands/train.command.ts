// `tessera train FILE [--steps N] [--batch N] [--checkpoint-every N] [--no-previews] [--loss-log FILE]
// [--backend B] [--out DIR] [--resume CKPT] [--workers N]`: trains a project in
// a worker thread, printing the backend and why it was chosen, a progress bar and loss lines;
// checkpoints and PNG previews go to DIR (default runs/<run id>). Ctrl-C stops and saves.
import { appendFileSync } from 'node:fs';
import type { TesseraDocument } from '../../../core/document/document.types';
import type { BackendChoice, TrainEvent } from '../../../core/ipc/training-messages';
import { checkResume } from '../../engine/run/resume-check';
import { startTraining } from '../../engine/run/start-training';
import { parseCommandArgs, type FlagSpec } from '../args';
import type { CliCommand } from '../command';
import { io } from '../io';
import { lossLine, progressBar } from '../progress-format';
import { readJsonFile } from '../read-document';
import { applyTrainOverrides, type TrainOverrides } from '../train-overrides';

const usage = `Usage: tessera train FILE [--steps N] [--batch N] [--checkpoint-every N] [--no-previews]
                     [--loss-log FILE] [--backend auto|tensorflow|wasm|cpu] [--out DIR] [--resume CKPT] [--workers N]

Trains the project in FILE. Prints the backend in use, a progress bar and loss lines, and writes
checkpoints (DIR/checkpoints/step-NNNNNN.json + .bin) and preview PNGs (DIR/previews/) to DIR.
  --steps N      total steps for this run (default: the sum of the stages' steps)
  --batch N      examples per step, instead of the project's batch size
  --checkpoint-every N
                 write a checkpoint every N steps (0: only at the end), instead of the project's
  --no-previews  render no previews, nor build metric nodes only previews show (a Frechet
                 distance trains its own classifier first): faster headless runs, the same losses
  --loss-log FILE
                 append every step's losses to FILE, one JSON line each ({"step","stage","losses"},
                 full precision), for plotting or comparing runs
  --backend B    auto (default): tfjs-node if installed, else wasm, else cpu
  --out DIR      output folder (default runs/<run id>)
  --resume CKPT  continue from a checkpoint manifest (.json), checked before training starts;
                 give the same --batch, --checkpoint-every and --steps as the run that wrote it
  --every N      print a loss line every N steps (default: 20 lines per run)
  --workers N    data-parallel worker threads on wasm/cpu (default 1). Each trains on 1/N of every
                 batch (the batch size must divide by N) and gradients are averaged every step;
                 checkpoints and previews come from worker 0; ignored with tfjs-node. Graphs with
                 nodes that draw noise per batch row (noise/gaussian, gan/latent-noise) then match
                 single-worker runs statistically, not bit for bit.
`;

export const trainFlags: Record<string, FlagSpec> = {
  steps: { kind: 'number', min: 1 },
  backend: { kind: 'string', choices: ['auto', 'tensorflow', 'wasm', 'cpu'] },
  out: { kind: 'string', short: 'o' },
  resume: { kind: 'string' },
  every: { kind: 'number', min: 1 },
  workers: { kind: 'number', min: 1 },
  batch: { kind: 'number', min: 1 },
  'checkpoint-every': { kind: 'number', min: 0 },
  'no-previews': { kind: 'boolean' },
  'loss-log': { kind: 'string' },
};

export interface TrainOptions {
  file: string;
  steps?: number;
  backend: BackendChoice;
  out?: string;
  resume?: string;
  every?: number;
  workers?: number;
  overrides: TrainOverrides;
  lossLog?: string;
}

export const parseTrainArgs = (
  args: readonly string[],
): { options?: TrainOptions; errors: string[] } => {
  const p = parseCommandArgs(args, trainFlags, { min: 1, max: 1 });
  if (p.errors.length > 0) return { errors: p.errors };
  const f = p.flags;
  if (f.steps !== undefined && !Number.isInteger(f.steps))
    return { errors: [`--steps must be a whole number; got ${f.steps}.`] };
  for (const name of ['workers', 'batch', 'checkpoint-every'])
    if (f[name] !== undefined && !Number.isInteger(f[name]))
      return { errors: [`--${name} must be a whole number; got ${f[name]}.`] };
  const overrides: TrainOverrides = {
    ...(f.batch !== undefined ? { batch: f.batch as number } : {}),
    ...(f['checkpoint-every'] !== undefined
      ? { checkpointEvery: f['checkpoint-every'] as number }
      : {}),
    ...(f['no-previews'] === true ? { noPreviews: true } : {}),
  };
  return {
    errors: [],
    options: {
      file: p.positionals[0] as string,
      backend: (f.backend as BackendChoice | undefined) ?? 'auto',
      ...(f.steps !== undefined ? { steps: f.steps as number } : {}),
      ...(f.out !== undefined ? { out: f.out as string } : {}),
      ...(f.resume !== undefined ? { resume: f.resume as string } : {}),
      ...(f.every !== undefined ? { every: Math.floor(f.every as number) } : {}),
      ...(f.workers !== undefined ? { workers: f.workers as number } : {}),
      ...(f['loss-log'] !== undefined ? { lossLog: f['loss-log'] as string } : {}),
      overrides,
    },
  };
};

export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'Train a project from the command line',
  usage,
  run: async (args) => {
    const { options, errors } = parseTrainArgs(args);
    if (!options) {
      io.err(`${errors.join('\n')}\n\n${usage}`);
      return 1;
    }
    const read = await readJsonFile(options.file);
    if (read.error !== undefined) {
      io.err(`error: ${read.error}\n`);
      return 1;
    }
    const document = applyTrainOverrides(read.value as TesseraDocument, options.overrides);
    if (options.resume !== undefined) {
      // Before any worker or backend starts: the checkpoint is whole and fits this project.
      const resume = await checkResume(options.resume, document);
      if (!resume.ok) {
        io.err(`error: ${resume.message}\n`);
        return 1;
      }
    }
    let lastLine = 0;
    let barShown = false;
    const clearBar = (): void => {
      if (barShown) io.out('\r\x1b[2K');
      barShown = false;
    };
    const onEvent = (e: TrainEvent): void => {
      if (e.type === 'log') {
        clearBar();
        (e.level === 'error' ? io.err : io.out)(
          `${e.level === 'info' ? '' : `${e.level}: `}${e.message}\n`,
        );
      } else if (e.type === 'status') {
        clearBar();
        if (e.state === 'running' || e.state === 'paused') io.out(`${e.message ?? e.state}\n`);
        if (e.state === 'finished' || e.state === 'stopped')
          io.out(
            `${e.message ?? e.state}${e.checkpoint ? `\nLast checkpoint: ${e.checkpoint}` : ''}\n`,
          );
        if (e.state === 'failed')
          io.err(
            `Training failed: ${e.message ?? ''}${e.checkpoint ? `\nLast good checkpoint: ${e.checkpoint}` : ''}\n`,
          );
      } else if (e.type === 'progress') {
        if (options.lossLog !== undefined)
          appendFileSync(
            options.lossLog,
            `${JSON.stringify({ step: e.step, stage: e.stageName, losses: e.losses })}\n`,
          );
        const every = options.every ?? Math.max(1, Math.round(e.totalSteps / 20));
        if (e.step - lastLine >= every || e.step === e.totalSteps || e.step === 1) {
          lastLine = e.step - (e.step % every);
          clearBar();
          io.out(`${lossLine(e)}\n`);
        }
        if (io.tty) {
          io.out(`\r\x1b[2K${progressBar(e)}`);
          barShown = true;
        }
      } else if (e.type === 'preview' && e.data !== undefined && e.kind === 'codebook-usage') {
        const d = e.data as { used?: number; perplexity?: number; counts?: number[] };
        clearBar();
        io.out(
          `preview ${e.previewId} @${e.step}: ${d.used}/${d.counts?.length} codes used, test perplexity ${d.perplexity?.toFixed(2)}\n`,
        );
      }
    };
    const run = startTraining(
      {
        document,
        backend: options.backend,
        ...(options.steps !== undefined ? { steps: options.steps } : {}),
        ...(options.out !== undefined ? { outDir: options.out } : {}),
        ...(options.resume !== undefined ? { resumeFrom: options.resume } : {}),
        ...(options.workers !== undefined ? { workers: options.workers } : {}),
        // The loss log needs every step; --every alone asks for its multiples.
        ...(options.lossLog !== undefined
          ? { progressEvery: 1 }
          : options.every !== undefined
            ? { progressEvery: options.every }
            : {}),
        projectFile: options.file,
      },
      onEvent,
    );
    io.out(`Run ${run.runId}\n`);
    let interrupted = false;
    const onSigint = (): void => {
      if (interrupted) process.exit(130);
      interrupted = true;
      clearBar();
      io.err('Stopping (saving a checkpoint); press Ctrl-C again to quit at once.\n');
      run.stop();
    };
    process.on('SIGINT', onSigint);
    const status = await run.done;
    process.off('SIGINT', onSigint);
    clearBar();
    return status.state === 'finished'
      ? 0
      : status.state === 'stopped'
        ? interrupted
          ? 130
          : 0
        : 1;
  },
};
