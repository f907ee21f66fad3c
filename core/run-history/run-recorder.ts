// Folds a run's events into its record, as they come (no I/O: main/run-history writes what this says).
// Loss curves are kept in memory at the resolution the engine reports (compacted past
// MEMORY_POINTS) and downsampled to RECORD_CURVE_POINTS per objective in the record.
import type { TrainEvent } from '../ipc/training-messages';
import { isFinalState } from '../ipc/training-messages';
import { downsampleSeries, type Series } from './downsample';
import {
  RECORD_CURVE_POINTS,
  RUN_RECORD_FORMAT,
  RUN_RECORD_VERSION,
  type RunConfig,
  type RunProject,
  type RunRecord,
} from './run-record';

/** Points kept in memory per curve before it is compacted to half (LTTB). */
export const MEMORY_POINTS = 20_000;
/** While a run goes, its record is written at least this often (ms), so a crash keeps most of its curve. */
export const PERSIST_EVERY_MS = 30_000;

export interface RunStart {
  runId: string;
  project: RunProject;
  startedAt: string;
  graphHash: string;
  document: unknown;
  config: RunConfig;
}

/** The step of a checkpoint named step-NNNNNN.json (checkpoint.ts), else undefined. */
export const checkpointStep = (file: string): number | undefined => {
  const m = /step-(\d+)\.json$/.exec(file);
  return m ? Number(m[1]) : undefined;
};

export class RunRecorder {
  private readonly base: RunRecord;
  private readonly curves = new Map<string, Series>();
  private stageIndex = 0;
  private lastPersist = -Infinity;

  constructor(start: RunStart) {
    this.base = {
      format: RUN_RECORD_FORMAT,
      version: RUN_RECORD_VERSION,
      ...start,
      state: 'starting',
      step: 0,
      losses: {},
      finalLosses: {},
      finalMetrics: {},
      checkpoints: [],
    };
  }

  get runId(): string {
    return this.base.runId;
  }

  get finished(): boolean {
    return this.base.state !== 'interrupted' && isFinalState(this.base.state);
  }

  /**
   * Takes one event of this run; returns whether the record should be written now: a change of
   * state, a new checkpoint, or progress when the last write is PERSIST_EVERY_MS old.
   */
  apply(e: TrainEvent, nowMs: number, nowIso: string): boolean {
    if (e.runId !== this.base.runId || this.finished) return false;
    const r = this.base;
    if (e.type === 'progress') {
      r.step = e.step;
      this.stageIndex = e.stageIndex;
      r.config = { ...r.config, totalSteps: e.totalSteps };
      for (const [name, value] of Object.entries(e.losses)) {
        if (!Number.isFinite(value)) continue;
        const c = this.curves.get(name) ?? { steps: [], values: [] };
        c.steps.push(e.step);
        c.values.push(value);
        this.curves.set(
          name,
          c.steps.length > MEMORY_POINTS ? downsampleSeries(c, MEMORY_POINTS / 2) : c,
        );
        r.finalLosses = { ...r.finalLosses, [name]: value };
      }
      const metrics = Object.entries(e.metrics).filter(([, v]) => Number.isFinite(v));
      if (metrics.length > 0)
        r.finalMetrics = { ...r.finalMetrics, ...Object.fromEntries(metrics) };
      return this.due(nowMs);
    }
    if (e.type !== 'status') return false;
    let changed = r.state !== e.state || r.message !== e.message;
    r.state = e.state;
    if (e.message !== undefined) r.message = e.message;
    if (e.backend) r.backendUsed = e.backend.name;
    // Every later status repeats the last checkpoint; a resumed run's first one is its source's.
    if (
      e.checkpoint &&
      e.checkpoint !== r.config.resumedFrom &&
      !r.checkpoints.some((c) => c.path === e.checkpoint)
    ) {
      r.checkpoints = [
        ...r.checkpoints,
        {
          path: e.checkpoint,
          step: checkpointStep(e.checkpoint) ?? r.step,
          stageIndex: this.stageIndex,
          createdAt: nowIso,
        },
      ];
      changed = true;
    }
    if (isFinalState(e.state)) r.endedAt = nowIso;
    if (changed) this.lastPersist = nowMs;
    return changed;
  }

  private due(nowMs: number): boolean {
    if (nowMs - this.lastPersist < PERSIST_EVERY_MS) return false;
    this.lastPersist = nowMs;
    return true;
  }

  /** The record as it stands, curves downsampled for storing. */
  record(): RunRecord {
    const losses: Record<string, Series> = {};
    for (const [name, c] of this.curves) losses[name] = downsampleSeries(c, RECORD_CURVE_POINTS);
    return { ...this.base, checkpoints: [...this.base.checkpoints], losses };
  }
}
