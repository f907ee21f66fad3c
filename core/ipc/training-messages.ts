// What a training run reports, the same in the worker, the CLI, Electron IPC and the web bridge.

export type RunState = 'starting' | 'running' | 'paused' | 'stopped' | 'finished' | 'failed';

export interface BackendInfo {
  /** 'tensorflow' (tfjs-node), 'wasm' or 'cpu'. */
  name: string;
  /** Why this backend was chosen, e.g. "tfjs-node not installed; wasm with Tessera's training kernels". */
  reason: string;
  workers: number;
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
  etaSeconds: number;
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
