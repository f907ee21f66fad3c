// The run history of the shells: every run started through train:start is recorded (its record
// written when it starts, at each checkpoint and change of state, at least every 30 s while it
// trains, and when it ends), and runs:list / runs:get / runs:checkResume answer from the records.
import type { InvokeHandlers, TrainStartRequest } from '../../core/ipc/contract';
import type { TrainEvent } from '../../core/ipc/training-messages';
import { RunRecorder } from '../../core/run-history/run-recorder';
import type { RunSummary } from '../../core/run-history/run-record';
import { graphHash } from './graph-hash';
import type { RunStore } from './run-store';

export type RunHistoryHandlers = Pick<
  InvokeHandlers,
  'runs:list' | 'runs:get' | 'runs:checkResume'
>;

/** Checks a checkpoint against a document (main/engine/run/resume-check.ts), as the engine would before resuming. */
export type CheckResume = (
  checkpoint: string,
  document: unknown,
) => Promise<{ ok: true } | { ok: false; message: string }>;

export interface RunHistoryOptions {
  store: RunStore;
  /** Absent: every checkpoint of the run's record is accepted here (the run checks it again). */
  checkResume?: CheckResume;
  warn?: (message: string) => void;
  /** The clock (tests). */
  now?: () => Date;
}

const numberOr = (v: unknown, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback;

export class RunHistory {
  private readonly recorders = new Map<string, RunRecorder>();
  private readonly warn: (message: string) => void;
  private readonly now: () => Date;

  constructor(private readonly o: RunHistoryOptions) {
    this.warn = o.warn ?? ((m) => console.warn(`[runs] ${m}`));
    this.now = o.now ?? (() => new Date());
  }

  /**
   * Starts the record of a run. Returns what takes the run's events: call it with every event,
   * also those the engine sent before it returned the run id (pass them in order once known).
   */
  begin(runId: string, request: TrainStartRequest): (event: TrainEvent) => void {
    const doc = (request.document ?? {}) as {
      name?: unknown;
      training?: { batchSize?: unknown; seed?: unknown };
    };
    const recorder = new RunRecorder({
      runId,
      project: {
        ...(request.projectPath ? { path: request.projectPath } : {}),
        name: typeof doc.name === 'string' ? doc.name : 'untitled',
      },
      startedAt: this.now().toISOString(),
      graphHash: graphHash(request.document),
      document: request.document,
      config: {
        ...(request.steps !== undefined ? { steps: request.steps } : {}),
        batchSize: numberOr(doc.training?.batchSize, 0),
        seed: numberOr(doc.training?.seed, 0),
        backend: request.backend ?? 'auto',
        ...(request.resumeFrom ? { resumedFrom: request.resumeFrom } : {}),
      },
    });
    this.recorders.set(runId, recorder);
    this.persist(recorder);
    return (event) => {
      const t = this.now();
      if (recorder.apply(event, t.getTime(), t.toISOString())) this.persist(recorder);
      if (recorder.finished) this.recorders.delete(runId);
    };
  }

  private persist(recorder: RunRecorder): void {
    this.o.store.write(recorder.record()).catch((e: unknown) => {
      this.warn(
        `The record of run ${recorder.runId} could not be written (${(e as Error).message}); the run goes on, its history entry may be out of date.`,
      );
    });
  }

  /** Waits for the record writes asked so far (shell shutting down, tests). */
  flush(): Promise<void> {
    return this.o.store.flush();
  }

  /** A record that says its run is going while no shell runs it was cut short (app closed or killed). */
  private live = (s: RunSummary): RunSummary =>
    (s.state === 'starting' || s.state === 'running' || s.state === 'paused') &&
    !this.recorders.has(s.runId)
      ? { ...s, state: 'interrupted' }
      : s;

  readonly handlers: RunHistoryHandlers = {
    // Writes already asked for (a run that just ended) are on disk before the history is read.
    'runs:list': async (project) => {
      await this.o.store.flush();
      return (await this.o.store.list(project)).map(this.live);
    },
    'runs:get': async ({ runId }) => {
      await this.o.store.flush();
      const r = await this.o.store.get(runId);
      return this.live(r) as typeof r;
    },
    'runs:checkResume': async ({ runId, checkpoint, document }) => {
      const record = await this.o.store.get(runId);
      if (!record.checkpoints.some((c) => c.path === checkpoint))
        return {
          ok: false,
          message: `Cannot resume from ${checkpoint}: it is not a checkpoint of run ${runId}. Pick one the run lists.`,
        };
      return this.o.checkResume ? this.o.checkResume(checkpoint, document) : { ok: true };
    },
  };
}
