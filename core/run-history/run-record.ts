// One run of a project's run history (main/run-history keeps them beside the runs' checkpoints, in
// <runs folder>/<run id>/run.json): what it trained (the document as it was and a hash of its
// graph), how (steps, batch, seed, backend, the checkpoint it resumed from), what came of it
// (the loss curves, downsampled; the final losses and metrics; its checkpoints) and how it ended.
import type { CheckpointInfo, RunState } from '../ipc/training-messages';
import type { Series } from './downsample';

export const RUN_RECORD_FORMAT = 'tessera.run';
export const RUN_RECORD_VERSION = 1;
/** Points kept per loss curve in a record (LTTB, core/run-history/downsample.ts). */
export const RECORD_CURVE_POINTS = 1000;

/** The project a run belongs to: its file once saved; an untitled project by its name only. */
export interface RunProject {
  path?: string;
  name: string;
}

/** How the run was asked to train (the rest is in its document snapshot). */
export interface RunConfig {
  /** The steps asked for (absent: the document's stages). */
  steps?: number;
  /** The steps the run planned, once it reported them. */
  totalSteps?: number;
  batchSize: number;
  seed: number;
  /** The backend asked for ('auto' when none was named). */
  backend: string;
  /** The checkpoint this run continued from. */
  resumedFrom?: string;
}

/** A run as the history shows it: a record without its document snapshot. */
export interface RunSummary {
  runId: string;
  project: RunProject;
  startedAt: string;
  /** When the run reached a final state. */
  endedAt?: string;
  /** 'interrupted': the record says the run was going, but no shell is running it (the app was closed or killed). */
  state: RunState | 'interrupted';
  message?: string;
  /** 'sha256:<hex>' of the graph it trained (core/run-history/canonical-graph.ts). */
  graphHash: string;
  config: RunConfig;
  /** The backend it trained on. */
  backendUsed?: string;
  /** The last step it reported. */
  step: number;
  /** Objective name -> its loss curve (at most RECORD_CURVE_POINTS points). */
  losses: Record<string, Series>;
  finalLosses: Record<string, number>;
  finalMetrics: Record<string, number>;
  checkpoints: CheckpointInfo[];
}

/** What run.json holds. */
export interface RunRecord extends RunSummary {
  format: typeof RUN_RECORD_FORMAT;
  version: typeof RUN_RECORD_VERSION;
  /** The document the run trained, as it was when it started (its revision). */
  document: unknown;
}

export const summarizeRun = (r: RunRecord): RunSummary => {
  const { format: _f, version: _v, document: _d, ...summary } = r;
  return summary;
};

/** Whether a run of `project` belongs to the history of the open project `open`. */
export const belongsTo = (project: RunProject, open: RunProject): boolean =>
  open.path !== undefined
    ? project.path === open.path
    : project.path === undefined && project.name === open.name;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumberRecord = (v: unknown): v is Record<string, number> =>
  isObject(v) && Object.values(v).every((x) => typeof x === 'number');
const isSeries = (v: unknown): v is Series =>
  isObject(v) &&
  Array.isArray(v.steps) &&
  Array.isArray(v.values) &&
  v.steps.length === v.values.length &&
  v.steps.every((x) => typeof x === 'number') &&
  v.values.every((x) => typeof x === 'number');
const isCheckpoint = (v: unknown): v is CheckpointInfo =>
  isObject(v) &&
  typeof v.path === 'string' &&
  typeof v.step === 'number' &&
  typeof v.stageIndex === 'number' &&
  typeof v.createdAt === 'string';
const runStates = ['starting', 'running', 'paused', 'stopped', 'finished', 'failed'];

/** A run.json's parsed content as a record, or what is wrong with it (never throws). */
export const parseRunRecord = (
  v: unknown,
): { ok: true; record: RunRecord } | { ok: false; problem: string } => {
  const bad = (problem: string) => ({ ok: false as const, problem });
  if (!isObject(v) || v.format !== RUN_RECORD_FORMAT)
    return bad(`it is not a Tessera run record (no "format": "${RUN_RECORD_FORMAT}")`);
  if (v.version !== RUN_RECORD_VERSION)
    return bad(`its version ${String(v.version)} is not one this Tessera reads`);
  if (typeof v.runId !== 'string' || v.runId === '') return bad('it has no run id');
  const project = v.project;
  if (
    !isObject(project) ||
    typeof project.name !== 'string' ||
    (project.path !== undefined && typeof project.path !== 'string')
  )
    return bad('it names no project');
  if (typeof v.startedAt !== 'string') return bad('it has no start time');
  if (typeof v.state !== 'string' || !runStates.includes(v.state)) return bad('it has no state');
  if (typeof v.graphHash !== 'string') return bad('it has no graph hash');
  const c = v.config;
  if (
    !isObject(c) ||
    typeof c.batchSize !== 'number' ||
    typeof c.seed !== 'number' ||
    typeof c.backend !== 'string'
  )
    return bad('its config is damaged');
  if (typeof v.step !== 'number') return bad('it has no step count');
  if (!isObject(v.losses) || !Object.values(v.losses).every(isSeries))
    return bad('its loss curves are damaged');
  if (!isNumberRecord(v.finalLosses) || !isNumberRecord(v.finalMetrics))
    return bad('its final losses or metrics are damaged');
  if (!Array.isArray(v.checkpoints) || !v.checkpoints.every(isCheckpoint))
    return bad('its checkpoint list is damaged');
  if (!isObject(v.document)) return bad('it holds no document');
  return { ok: true, record: v as unknown as RunRecord };
};
