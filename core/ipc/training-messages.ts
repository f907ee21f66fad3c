// What a training run reports, the same in the worker, the CLI, Electron IPC and the web bridge.

export type RunState = 'starting' | 'running' | 'paused' | 'stopped' | 'finished' | 'failed';

export interface BackendInfo {
  /** 'tensorflow' (tfjs-node), 'wasm' or 'cpu'. */
  name: string;
  /** Why this backend was chosen, e.g. "tfjs-node not installed; wasm with Tessera's training kernels". */
  reason: string;
  workers: number;
  /** XNNPACK threads of the wasm backend (absent or 1: one thread). */
  threads?: number;
}

export interface TrainProgress {
  runId: string;
  stageIndex: number;
  stageName: string;
  /** Global step, 1-based after the step has run. */
  step: number;
  totalSteps: number;
  /** Loss per objective name (the value of the loss feeding each optimizer) at this step. */
  losses: Record<string, number>;
  /** Other scalars (perplexity, Wasserstein estimate). */
  metrics: Record<string, number>;
  examplesPerSecond: number;
  /** Seconds left at the current pace (time spent paused does not count). */
  etaSeconds: number;
  /** The run's stages as planned (cut or extended to the run's steps): name, first global step, steps. */
  stages?: StageSpan[];
}

export interface StageSpan {
  name: string;
  /** Global step (0-based) at which the stage starts. */
  start: number;
  steps: number;
}

export interface PreviewImage {
  width: number;
  height: number;
  /** PNG file bytes, base64. */
  pngBase64: string;
}

export interface TrainPreview {
  runId: string;
  step: number;
  previewId: string;
  title: string;
  kind: string;
  image?: PreviewImage;
  /** Non-image previews (codebook usage counts, masks). */
  data?: unknown;
}

export interface TrainStatus {
  runId: string;
  state: RunState;
  message?: string;
  backend?: BackendInfo;
  /** Path of the last checkpoint written. */
  checkpoint?: string;
  /** When failed: the step and the node or objective at fault. */
  failure?: { step: number; nodeId?: string; objective?: string };
}

export interface CheckpointInfo {
  path: string;
  step: number;
  stageIndex: number;
  createdAt: string;
}

// ---------- the engine's run API (main/engine/run/start-training.ts) ----------

export type BackendChoice = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

/** What starts a training run. The engine compiles `document` again and refuses on errors. */
export interface TrainRequest {
  /** A TesseraDocument (typed loosely here so that this file stays free of document imports). */
  document: unknown;
  /** Total steps for this run; stages are cut short (or the last one extended) to fit. */
  steps?: number;
  backend?: BackendChoice;
  /** Where checkpoints and preview PNGs go; default runs/<runId>. */
  outDir?: string;
  /** A checkpoint manifest (.json) to continue from. */
  resumeFrom?: string;
  /**
   * Data-parallel worker threads (default 1: the single-worker path, unchanged). With N > 1 on wasm
   * or cpu, N workers train on shards of the same global batches and average gradients every step;
   * the batch size must divide by N. Ignored with tfjs-node (already multi-threaded). Graphs whose
   * nodes draw noise per batch row then match single-worker runs statistically, not bit for bit.
   */
  workers?: number;
  /** Also report progress at every multiple of this many steps, beside the time-throttled reports (the CLI's --every). */
  progressEvery?: number;
  /** The trust store the engine checks custom code against (main/trust); default the per-user trust.json. Set by the shells, never by the UI. */
  trustFile?: string;
  /** The project file the document came from, named in messages (e.g. how to trust its custom code). */
  projectFile?: string;
  /** When Start was pressed (Date.now() in the engine's process): phase events count from it. Set by startTraining. */
  startedAt?: number;
}

export type TrainLogLevel = 'info' | 'warning' | 'error';

export interface TrainLog {
  runId: string;
  level: TrainLogLevel;
  message: string;
}

/**
 * What a run is doing between Start and its first step, so that a person never watches a silent
 * wait: the training thread starting, the backend, the graph check, the model build, the kernel
 * preflight and the first step (whose kernels are set up as it runs).
 */
export type StartPhaseName = 'thread' | 'backend' | 'graph' | 'build' | 'preflight' | 'first-step';

export interface TrainPhase {
  runId: string;
  phase: StartPhaseName;
  /** What the phase is doing, e.g. "kernel preflight (3 of 7 node types)". */
  label: string;
  /** Milliseconds from Start (the engine's startTraining call) to this event. */
  elapsedMs: number;
  /** For phases that count (the preflight's node types): how many of how many are done. */
  done?: number;
  total?: number;
}

/** Everything a run reports, in order; the last event is a status with a final state. */
export type TrainEvent =
  | ({ type: 'phase' } & TrainPhase)
  | ({ type: 'progress' } & TrainProgress)
  | ({ type: 'preview' } & TrainPreview)
  | ({ type: 'status' } & TrainStatus)
  | ({ type: 'log' } & TrainLog);

/** Commands a UI sends to a running training. */
export type TrainControl = { type: 'pause' } | { type: 'resume' } | { type: 'stop' };

export const isFinalState = (s: RunState): boolean =>
  s === 'stopped' || s === 'finished' || s === 'failed';
